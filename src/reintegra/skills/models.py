"""Skills profile, coded skills and occupations, qualifications, recognition of prior learning (3e)
and career guidance (3d). Every row carries the owner organisation of the case.

Free text in the person's words (experience, interests, constraints, the words a code was
suggested from, RPL evidence and gaps) can identify them: it is encrypted, and never filtered on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class Level(models.TextChoices):
    NONE = "none", _("None")
    BASIC = "basic", _("Basic")
    FUNCTIONAL = "functional", _("Functional")
    PROFICIENT = "proficient", _("Proficient")


class SkillsProfile(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="skills_profile")
    literacy = models.CharField(_("literacy"), max_length=12, choices=Level.choices, blank=True)
    numeracy = models.CharField(_("numeracy"), max_length=12, choices=Level.choices, blank=True)
    languages = models.CharField(_("languages spoken (ISO 639-1, comma separated)"), max_length=100, blank=True)
    work_experience = EncryptedTextField(_("work experience, in the person's words"), blank=True)
    interests = EncryptedTextField(_("interests and aspirations"), blank=True)
    constraints = EncryptedTextField(_("constraints (childcare, transport, health, schedule)"), blank=True)
    preferred_areas = models.CharField(_("areas where the person can work"), max_length=200, blank=True)
    max_hours_per_week = models.PositiveSmallIntegerField(_("hours per week available"), null=True, blank=True)
    matching_consent_on = models.DateField(
        _("agreed to be put forward for opportunities on"), null=True, blank=True,
        help_text=_("Empty: the person is never listed as a candidate for an employer's opportunity."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"skills profile of case {self.case_id}"


class CodedItem(models.Model):
    """A skill or occupation confirmed by a user from a suggestion (or chosen directly)."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill (ESCO)")
        OCCUPATION = "occupation", _("Occupation held (ISCO-08)")
        ASPIRATION = "aspiration", _("Occupation wanted (ISCO-08)")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(SkillsProfile, on_delete=models.CASCADE, related_name="coded_items")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=200, help_text=_("ISCO-08 unit group or ESCO skill URI"))
    label = models.CharField(_("label"), max_length=200)
    source_text = EncryptedTextField(_("words it was suggested from"), blank=True)
    years = models.DecimalField(_("years of experience"), max_digits=4, decimal_places=1, null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "kind", "code"], name="coded_item_unique")]
        indexes = [models.Index(fields=["organization", "kind", "code"], name="coded_item_org_code")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"

    @property
    def isco_minor(self) -> str:
        return self.code[:3] if self.kind != self.Kind.SKILL else ""


class Qualification(models.Model):
    class Recognition(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Recognised here (no procedure needed)")
        NOT_STARTED = "not_started", _("Not yet submitted for recognition")
        PENDING = "pending", _("Recognition in progress")
        RECOGNISED = "recognised", _("Recognised")
        PARTIAL = "partial", _("Partly recognised")
        REFUSED = "refused", _("Not recognised")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(SkillsProfile, on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField(_("qualification"), max_length=200)
    awarding_body = models.CharField(_("awarding body"), max_length=200, blank=True)
    country = models.CharField(_("country awarded (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    is_foreign = models.BooleanField(_("obtained abroad"), default=False)
    isced_level = models.CharField(_("ISCED level"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    recognition = models.CharField(_("recognition status"), max_length=12, choices=Recognition.choices,
                                   default=Recognition.NOT_NEEDED)

    def __str__(self) -> str:
        return self.title


class RplRecord(models.Model):
    """Recognition of prior learning for one skill or qualification, stage by stage (3e)."""

    class Stage(models.TextChoices):
        INFORMATION = "information", _("1. Information and advice")
        IDENTIFICATION = "identification", _("2. Identification / self-assessment")
        DOCUMENTATION = "documentation", _("3. Documentation (portfolio of evidence)")
        ASSESSMENT = "assessment", _("4. Assessment")
        CERTIFICATION = "certification", _("5. Certification")
        GAP_TRAINING = "gap_training", _("6. Gap training")

    class Result(models.TextChoices):
        PENDING = "", _("Not yet certified")
        FULL = "full", _("Full certification")
        PARTIAL = "partial", _("Partial certification")
        NONE = "none", _("Not certified")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    profile = models.ForeignKey(SkillsProfile, on_delete=models.CASCADE, related_name="rpl_records")
    subject = models.CharField(_("skill or qualification"), max_length=200)
    isco_code = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    stage = models.CharField(_("current stage"), max_length=16, choices=Stage.choices, default=Stage.INFORMATION)
    information_on = models.DateField(_("information given on"), null=True, blank=True)
    identification_on = models.DateField(_("self-assessment on"), null=True, blank=True)
    documentation_on = models.DateField(_("portfolio complete on"), null=True, blank=True)
    assessment_on = models.DateField(_("assessed on"), null=True, blank=True)
    certification_on = models.DateField(_("certified on"), null=True, blank=True)
    gap_training_on = models.DateField(_("gap training started on"), null=True, blank=True)
    result = models.CharField(_("certification"), max_length=8, choices=Result.choices, blank=True)
    assessor = models.CharField(_("assessor"), max_length=200, blank=True)
    awarding_body = models.CharField(_("awarding body"), max_length=200, blank=True)
    evidence = EncryptedTextField(_("portfolio of evidence"), blank=True)
    gaps = EncryptedTextField(_("gaps to close by training"), blank=True)

    STAGE_DATES = {
        Stage.INFORMATION: "information_on", Stage.IDENTIFICATION: "identification_on",
        Stage.DOCUMENTATION: "documentation_on", Stage.ASSESSMENT: "assessment_on",
        Stage.CERTIFICATION: "certification_on", Stage.GAP_TRAINING: "gap_training_on",
    }

    def __str__(self) -> str:
        return f"RPL {self.subject} ({self.get_stage_display()})"


class GuidanceGoal(models.Model):
    """A realistic goal agreed in career guidance (3d)."""

    class Kind(models.TextChoices):
        EDUCATION = "education", _("Education or training")
        WAGE = "wage", _("Wage employment")
        SELF = "self", _("Self-employment")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ACHIEVED = "achieved", _("Achieved")
        DROPPED = "dropped", _("Dropped")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="guidance_goals")
    kind = models.CharField(_("kind of goal"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("goal"), max_length=300)
    isco_code = models.CharField(_("target occupation (ISCO-08)"), max_length=4, blank=True)
    non_traditional = models.BooleanField(_("non-traditional occupation for the person's gender"), default=False)
    non_traditional_discussed = models.BooleanField(_("non-traditional options were discussed"), default=False)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.description


class GuidanceChecklistAnswer(models.Model):
    """The case-level answer to one item of checklist 3d (item ids such as "3d.7")."""

    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="guidance_answers")
    item_id = models.CharField(max_length=10)
    answer = models.CharField(max_length=16, choices=Answer.choices)
    note = models.CharField(max_length=300, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "item_id"], name="guidance_answer_unique")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.answer}"
