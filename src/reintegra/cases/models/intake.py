"""Identification record, exploitation history and forced-labour screenings of a case."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class IdentifiedBy(models.TextChoices):
    POLICE = "police", _("Police")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
    NGO = "ngo", _("NGO")
    HOTLINE = "hotline", _("Hotline")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    OTHER = "other", _("Other")


class TraffickingStatus(models.TextChoices):
    """HTCDS 2.0 vic_TraffickingStatus value names."""

    POSSIBLE = "PossibleVictimOfTrafficking", _("Possible victim")
    ACTUAL = "ActualVictimOfTrafficking", _("Identified victim")
    NOT_A_VICTIM = "NotAVictimOfTrafficking", _("Not a victim")


class DecisionOrg(models.TextChoices):
    """HTCDS 2.0 vic_TraffickingStatusDecisionMakingOrg value names."""

    POLICE = "Police", _("Police")
    NGO = "NGO", _("NGO")
    COURT = "CourtOrProsecution", _("Court or prosecution")
    NON_POLICE_GOV = "NonPoliceGovernmentalOrganization", _("Other government body")
    OTHER = "Other", _("Other")


class MechanismStage(models.TextChoices):
    """Stage in the national referral mechanism."""

    REFERRED = "referred", _("Referred")
    REASONABLE_GROUNDS = "reasonable_grounds", _("Reasonable grounds decision")
    CONCLUSIVE_GROUNDS = "conclusive_grounds", _("Conclusive grounds decision")
    NOT_IDENTIFIED = "not_identified", _("Not identified")


class ReferralReason(models.TextChoices):
    """HTCDS 2.0 cas_ReasonForIncomingReferral value names."""

    ADDITIONAL_SERVICES = "AdditionalServicesRequired", _("Additional services required")
    MIGRATION = "MigrationOrChangeOfLocation", _("Migration or change of location")
    OTHER = "Other", _("Other")


class Identification(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="identification")
    identified_by = models.CharField(_("identified by"), max_length=30, choices=IdentifiedBy.choices)
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    trafficking_status = models.CharField(_("official victim status"), max_length=40,
                                          choices=TraffickingStatus.choices, default=TraffickingStatus.POSSIBLE)
    status_decided_by = models.CharField(_("status decided by"), max_length=40, choices=DecisionOrg.choices,
                                         blank=True)
    mechanism_stage = models.CharField(_("referral-mechanism stage"), max_length=30,
                                       choices=MechanismStage.choices, default=MechanismStage.REFERRED)
    reasonable_grounds_on = models.DateField(_("reasonable grounds on"), null=True, blank=True)
    conclusive_grounds_on = models.DateField(_("conclusive grounds on"), null=True, blank=True)
    referred_in_by = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="+", verbose_name=_("referred by (organisation)"))
    referred_in_by_other = EncryptedTextField(_("referred by (other)"), max_length=200, blank=True,
                                              validators=[MaxLengthValidator(200)])
    referred_in_on = models.DateField(_("referral received on"), null=True, blank=True)
    referral_reason = models.CharField(_("reason for referral"), max_length=40, choices=ReferralReason.choices,
                                       blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"identification of case {self.case_id}"


class FormOfForcedLabour(models.TextChoices):
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage")
    TRAFFICKING = "trafficking", _("Trafficking in persons")
    DESCENT_BASED = "descent_based", _("Descent-based slavery")
    STATE_IMPOSED = "state_imposed", _("State-imposed forced labour")
    OTHER = "other", _("Other")


class MethodOfControl(models.TextChoices):
    """HTCDS 2.0 vic_MethodsOfControl value names."""

    PHYSICAL_THREATS = "PhysicalThreats", _("Threats of physical harm")
    THREATS_LAW_ENFORCEMENT = "ThreatsLawEnforcement", _("Threats of police or immigration")
    THREATENS_FAMILY = "ThreatensChildrenFamily", _("Threats against children or family")
    DEBT_BONDAGE = "DebtBondage", _("Debt bondage")
    FALSE_PROMISES = "FalsePromises", _("False promises")
    PHYSICAL_ABUSE = "PhysicalAbuse", _("Physical abuse")
    SEXUAL_ABUSE = "SexualAbuse", _("Sexual abuse")
    TAKES_EARNINGS = "TakesEarnings", _("Takes earnings")
    RESTRICTS_FINANCES = "RestrictsFinancialAccess", _("Restricts access to money")
    RESTRICTS_MEDICAL = "RestrictsMedicalCare", _("Restricts medical care")
    WITHHOLDS_NECESSITIES = "WithholdsNecessities", _("Withholds food, sleep or other necessities")
    PSYCHOLOGICAL_ABUSE = "PsychologicalAbuse", _("Psychological abuse")
    SUBSTANCES = "PsychoactiveSubstance", _("Forced use of drugs or alcohol")
    EXCESSIVE_HOURS = "ExcessiveWorkingHours", _("Excessive working hours")
    WITHHOLDS_DOCUMENTS = "WithholdsDocuments", _("Withholds documents")
    OTHER = "Other", _("Other")


class ContinuumStage(models.TextChoices):
    """Figure 1 of the guidelines: the continuum from decent work (A) to forced labour (E)."""

    A = "A", _("A — decent work")
    B = "B", _("B — minor labour-law violations")
    C = "C", _("C — serious violations, exploitation")
    D = "D", _("D — severe exploitation with some coercion")
    E = "E", _("E — forced labour")


class RecruiterRelationship(models.TextChoices):
    STRANGER = "stranger", _("Stranger")
    ACQUAINTANCE = "acquaintance", _("Acquaintance or friend")
    FAMILY = "family", _("Family member")
    PARTNER = "partner", _("Intimate partner")
    EMPLOYER = "employer", _("Employer")
    AGENCY = "agency", _("Recruitment agency or broker")
    STATE = "state", _("State authority")
    UNKNOWN = "unknown", _("Unknown")


class ExploitationEpisode(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="exploitation")
    form = models.CharField(_("form of forced labour"), max_length=20, choices=FormOfForcedLabour.choices)
    isic_section = models.CharField(_("sector (ISIC Rev.4 section)"), max_length=1, blank=True)
    isic_division = models.CharField(_("sector (ISIC Rev.4 division)"), max_length=2, blank=True)
    country = models.CharField(_("country of exploitation (ISO 3166-1)"), max_length=2, blank=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    methods_of_control = models.JSONField(_("methods of control"), default=list, blank=True)
    continuum_stage = models.CharField(_("stage on the continuum (Figure 1)"), max_length=1,
                                       choices=ContinuumStage.choices, blank=True)
    recruiter_relationship = models.CharField(_("relationship to the recruiter"), max_length=20,
                                              choices=RecruiterRelationship.choices, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} ({self.country or '?'})"


class Screening(models.Model):
    """One application of the forced-labour screening rule (see cases/screening.py)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="screenings")
    screened_on = models.DateField(_("screened on"), default=timezone.localdate)
    screened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    age_at_exploitation = models.PositiveSmallIntegerField(_("age during the work"), null=True, blank=True)
    presume_minor = models.BooleanField(_("presume a child when age is unknown"), default=True)
    indicators = models.JSONField(default=list)
    forced_labour = models.BooleanField()
    child = models.BooleanField()
    result = models.JSONField(default=dict)
    catalogue_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-screened_on", "-id"]

    def __str__(self) -> str:
        return f"screening {self.pk} of case {self.case_id}"
