"""Survivor identity. Direct identifiers are encrypted; only a pseudonymous code is shown widely."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField

# Crockford-style alphabet without look-alike characters, for codes read aloud on the phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_survivor_code() -> str:
    body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"S-{body[:4]}-{body[4:]}"


class Gender(models.TextChoices):
    """HTCDS 2.0 prs_Gender value names."""

    FEMININE = "Feminine", _("Female / feminine")
    MASCULINE = "Masculine", _("Male / masculine")
    TRANSGENDER_FEMININE = "TransgenderFeminine", _("Transgender feminine")
    TRANSGENDER_MASCULINE = "TransgenderMasculine", _("Transgender masculine")
    NON_CONFORMING = "NonConforming", _("Non-conforming")
    UNKNOWN = "NonSpecifiedUnknown", _("Not specified / unknown")


class Survivor(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True, default=new_survivor_code, editable=False)
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="survivors",
        help_text=_("Organisation that registered the person."),
    )

    # Direct identifiers: encrypted in the application, never stored in clear text.
    given_name = EncryptedTextField(_("given name"), blank=True)
    family_name = EncryptedTextField(_("family name"), blank=True)
    birth_date = EncryptedTextField(_("date of birth"), blank=True, help_text=_("YYYY-MM-DD"))
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("e-mail"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    document_numbers = EncryptedTextField(_("identity document numbers"), blank=True)
    safe_contact_instructions = EncryptedTextField(_("safe-contact instructions"), blank=True)

    # Blind indexes for exact-match duplicate search (HMAC of normalised values).
    name_index = models.CharField(max_length=64, blank=True, db_index=True)
    name_birth_index = models.CharField(max_length=64, blank=True, db_index=True)
    key_id = models.CharField(max_length=16, blank=True, help_text="Data key that sealed the identifiers.")

    # Non-identifying attributes used for services and (suppressed) statistics.
    gender = models.CharField(_("gender"), max_length=24, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    nationality = models.CharField(_("nationality (ISO 3166-1 alpha-2)"), max_length=2, blank=True)
    languages = models.CharField(_("languages (ISO 639-1, comma separated)"), max_length=100, blank=True)
    education_level = models.CharField(_("education (ISCED 2011 level)"), max_length=2, blank=True)
    has_disability = models.BooleanField(_("has a disability"), default=False)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)

    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["organization", "gender"], name="survivor_org_gender")]

    def __str__(self) -> str:
        return self.code

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


class ConsentPurpose(models.TextChoices):
    SERVICES = "services", _("Receiving services")
    SHARING = "sharing", _("Sharing with a named organisation")
    STATISTICS = "statistics", _("Anonymised statistics")
    EMPLOYER_DISCLOSURE = "employer_disclosure", _("Telling a named employer about the programme")


class Consent(models.Model):
    """One decision of the survivor (given or withdrawn). The newest decision per purpose and
    organisation (or employer) is the one in force; older rows stay as history.

    Employer disclosure names the employer when given. A withdrawal without an employer withdraws
    from every employer at once (what the case's consent form records)."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     help_text=_("Organisation that recorded the decision."))
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    shared_with = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("shared with"))
    employer = models.ForeignKey("employment.Employer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("employer"))
    given = models.BooleanField(_("consent given"))
    recorded_on = models.DateField(_("date"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    witness = EncryptedTextField(_("witness"), blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-recorded_on", "-id"]
        indexes = [models.Index(fields=["survivor", "purpose", "shared_with", "-id"], name="consent_latest"),
                   models.Index(fields=["employer", "purpose"], name="consent_employer")]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(purpose="sharing", shared_with__isnull=False)
                           | (~models.Q(purpose="sharing") & models.Q(shared_with__isnull=True))),
                name="consent_sharing_names_organisation",
            ),
            models.CheckConstraint(
                condition=(models.Q(purpose="employer_disclosure")
                           & (models.Q(employer__isnull=False) | models.Q(given=False)))
                          | (~models.Q(purpose="employer_disclosure") & models.Q(employer__isnull=True)),
                name="consent_disclosure_names_employer",
            ),
        ]

    def __str__(self) -> str:
        state = "given" if self.given else "withdrawn"
        return f"{self.survivor_id} {self.purpose} {state} {self.recorded_on}"


class SurvivorNameToken(models.Model):
    """Keyed hashes of name fragments (character bigrams and a phonetic key per word) used to find
    near-duplicates without storing names in clear text. See docs/adr/cases-fuzzy-duplicates.md."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="+")
    survivor = models.ForeignKey(Survivor, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["organization", "token"], name="name_token_lookup")]

    def __str__(self) -> str:
        return f"token of {self.survivor_id}"
