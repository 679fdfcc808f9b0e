"""Training programmes of the four kinds of section 3f, their intakes, enrolments, attendance and the
support that lets survivors take part. Programmes may be open to the whole community: community
trainees are enrolled with minimal data and form the comparison group for monitoring."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class Programme(models.Model):
    class Kind(models.TextChoices):
        VOCATIONAL = "vocational", _("Vocational skills")
        FOUNDATIONAL = "foundational", _("Foundational skills (literacy, numeracy, language)")
        CORE = "core", _("Core skills for employability")
        WORKERS_RIGHTS = "workers_rights", _("Workers' rights")

    class Format(models.TextChoices):
        FORMAL = "formal", _("Formal")
        NON_FORMAL = "non_formal", _("Non-formal")

    class Delivery(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom or workshop")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        ON_THE_JOB = "on_the_job", _("On-the-job training")
        DISTANCE = "distance", _("Distance or online")

    class Schedule(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        PART_TIME = "part_time", _("Part-time")
        EVENINGS = "evenings", _("Evenings")
        WEEKENDS = "weekends", _("Weekends")
        FLEXIBLE = "flexible", _("Flexible / self-paced")

    class OpenTo(models.TextChoices):
        COMMUNITY = "community", _("Whole community")
        VICTIMS = "victims", _("Victims only")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("provider"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    foundational_subject = models.CharField(_("subject (for foundational skills)"), max_length=60, blank=True)
    format = models.CharField(_("formal or non-formal"), max_length=12, choices=Format.choices,
                              default=Format.NON_FORMAL)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.CLASSROOM)
    isco_code = models.CharField(_("occupation prepared for (ISCO-08)"), max_length=4, blank=True)
    duration_weeks = models.PositiveSmallIntegerField(_("duration (weeks)"), default=12)
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.FULL_TIME)
    location = models.CharField(_("location"), max_length=200, blank=True)
    admin_area = models.CharField(_("area"), max_length=100, blank=True)
    language = models.CharField(_("language of instruction (ISO 639-1)"), max_length=8, blank=True)
    cost = models.DecimalField(_("cost per trainee"), max_digits=10, decimal_places=2, default=0)
    funding = models.CharField(_("funding"), max_length=200, blank=True)
    qualification = models.CharField(_("qualification awarded"), max_length=200, blank=True)
    awarding_body = models.CharField(_("awarding body"), max_length=200, blank=True)
    open_to = models.CharField(_("open to"), max_length=10, choices=OpenTo.choices, default=OpenTo.COMMUNITY)
    capacity = models.PositiveIntegerField(_("places per intake"), default=20)
    is_active = models.BooleanField(_("active"), default=True)
    # The programme's entry in the service directory: referrals are sent to directory services, so
    # this is how an accepted referral knows which programme to enrol the person in.
    service = models.OneToOneField(
        "directory.Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="training_programme",
        verbose_name=_("directory entry"),
        help_text=_("The directory service referrals use for this programme (listed under this organisation)."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Intake(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="intakes")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True)

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.programme} · {self.starts_on:%Y-%m-%d}"


def new_trainee_code() -> str:
    return "T-" + secrets.token_hex(4).upper()


class CommunityTrainee(models.Model):
    """A trainee who is not a survivor: only what the comparison group needs, no identity."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=12, unique=True, default=new_trainee_code, editable=False)
    gender = models.CharField(_("gender"), max_length=24, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.code


class DropoutReason(models.TextChoices):
    """Why a trainee left, as a fixed list: statistics group by it (section 3h asks for dropout
    reasons), while the free-text note, which may identify the person, stays encrypted and unpublished."""

    CARE_DUTIES = "care_duties", _("Care duties (children, family)")
    FOUND_WORK = "found_work", _("Found work")
    COST = "cost", _("Cost, transport or lost income")
    HEALTH = "health", _("Physical or mental health")
    MOVED = "moved", _("Moved away or returned home")
    SAFETY = "safety", _("Safety concerns or threats")
    UNSUITED = "unsuited", _("Programme did not suit")
    OTHER = "other", _("Other reason")


class Enrolment(models.Model):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        ATTENDING = "attending", _("Attending")
        COMPLETED = "completed", _("Completed")
        CERTIFIED = "certified", _("Certified")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     help_text=_("The provider running the programme."))
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="enrolments")
    intake = models.ForeignKey(Intake, null=True, blank=True, on_delete=models.SET_NULL, related_name="enrolments")
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="enrolments")
    case_organization = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+", help_text=_("Owner of the case, for scoping."))
    community_trainee = models.ForeignKey(CommunityTrainee, null=True, blank=True, on_delete=models.CASCADE,
                                          related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    certificate = models.CharField(_("certificate (number or title)"), max_length=200, blank=True)
    dropped_out_on = models.DateField(_("dropped out on"), null=True, blank=True)
    dropout_category = models.CharField(_("why the trainee dropped out"), max_length=12,
                                        choices=DropoutReason.choices, blank=True)
    dropout_reason = EncryptedTextField(_("note on dropping out"), blank=True)
    # Support package (3f): what makes attendance possible.
    stipend = models.DecimalField(_("stipend per month"), max_digits=10, decimal_places=2, null=True, blank=True)
    transport = models.BooleanField(_("transport"), default=False)
    childcare = models.BooleanField(_("childcare"), default=False)
    catch_up_classes = models.BooleanField(_("catch-up classes"), default=False)
    tools = models.BooleanField(_("tools or equipment"), default=False)
    other_support = models.CharField(_("other support"), max_length=200, blank=True)
    referral = models.OneToOneField("referrals.Referral", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="training_enrolment", editable=False,
                                    help_text=_("The accepted referral this enrolment came from."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-enrolled_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(case__isnull=False, community_trainee__isnull=True)
                           | models.Q(case__isnull=True, community_trainee__isnull=False)),
                name="enrolment_case_xor_community",
            )
        ]
        indexes = [models.Index(fields=["organization", "status"], name="enrolment_org_status"),
                   models.Index(fields=["case_organization", "case"], name="enrolment_case_org")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.get_status_display()}"

    @property
    def is_survivor(self) -> bool:
        return self.case_id is not None

    @property
    def attendance_rate(self) -> float | None:
        sessions = list(self.attendance.values_list("present", flat=True))
        return round(sum(sessions) / len(sessions), 2) if sessions else None


class Attendance(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    on = models.DateField(_("date"))
    present = models.BooleanField(_("present"), default=True)
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["enrolment", "on"], name="attendance_once_a_day")]
        ordering = ["on"]

    def __str__(self) -> str:
        return f"{self.on}: {'present' if self.present else 'absent'}"
