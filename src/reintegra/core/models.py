"""Organisations, people who work in them, and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField
from reintegra.core.reference import organization_type_choices


class User(AbstractUser):
    """A staff member. Survivors are not users of this model."""

    preferred_language = models.CharField(_("preferred language"), max_length=8, blank=True)


class Sector(models.TextChoices):
    PUBLIC = "public", _("Public")
    PRIVATE = "private", _("Private")
    NGO = "ngo", _("NGO")


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=40, choices=organization_type_choices)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    country = models.CharField(_("country (ISO 3166-1 alpha-2)"), max_length=2)
    admin_area = models.CharField(_("administrative area"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    COUNSELLOR = "counsellor", _("Vocational counsellor")
    TRAINER = "trainer", _("Trainer")
    EMPLOYER_LIAISON = "employer_liaison", _("Employer liaison")
    SUPERVISOR = "supervisor", _("Supervisor")
    ME_OFFICER = "me_officer", _("M&E officer")
    ORG_ADMIN = "org_admin", _("Organisation admin")
    NETWORK_COORDINATOR = "network_coordinator", _("Network coordinator")
    SYSTEM_ADMIN = "system_admin", _("System admin")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on=None) -> MembershipQuerySet:
        today = on or timezone.localdate()
        return self.filter(is_active=True, organization__is_active=True).filter(
            models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)
        )


class Membership(models.Model):
    """A user's role in one organisation, optionally limited to an area and until a date."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    area_scope = models.CharField(
        _("area scope"), max_length=100, blank=True, help_text=_("Empty means the whole organisation.")
    )
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} · {self.get_role_display()}"


# Free text that may identify a survivor never goes into the append-only audit trail: an entry names the
# row and field that hold it ("<app.model>.<field>:<pk>" under detail["reason_of"]). See ADR 0003.
REASON_REF = "reason_of"
AUDIT_REASON_SOURCES = frozenset({
    "core.breakglassgrant.reason",
    "cases.caseevent.note",
    "cases.caseshare.consent_override_reason",
})


class AuditEvent(models.Model):
    """One entry of the append-only, hash-chained audit trail.

    `hash` covers every other field and the previous entry's hash, so editing or deleting an
    entry breaks the chain (see audit.verify_chain). Database triggers refuse UPDATE and DELETE.
    """

    class Action(models.TextChoices):
        READ = "read", _("Read")
        SEARCH = "search", _("Search")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        EXPORT = "export", _("Export")
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        BREAK_GLASS = "break_glass", _("Break-glass access")
        KEY_ROTATION = "key_rotation", _("Key rotation")
        BACKUP = "backup", _("Backup")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["organization", "-id"], name="audit_org_recent"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["action", "ip_address", "at"], name="audit_login_throttle"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"

    @staticmethod
    def reason_reference(obj: models.Model, field: str) -> dict[str, str]:
        """Detail entry pointing at a reason kept (encrypted) on its own row, instead of copying it (ADR 0003)."""
        ref = f"{obj._meta.label_lower}.{field}:{obj.pk}"
        if ref.partition(":")[0] not in AUDIT_REASON_SOURCES:
            raise ValueError(f"{ref} is not a known source of audit reasons")
        return {REASON_REF: ref}

    @property
    def referenced_reason(self) -> str:
        """The reason this entry points at, read from its source row; empty once that row is gone."""
        ref = self.detail.get(REASON_REF) if isinstance(self.detail, dict) else None
        source, _sep, pk = str(ref or "").partition(":")
        if source not in AUDIT_REASON_SOURCES or not pk.isdigit():
            return ""
        from django.apps import apps

        label, field = source.rsplit(".", 1)
        row = apps.get_model(label).objects.filter(pk=int(pk)).only(field).first()
        return getattr(row, field, "") if row is not None else ""


class AuditChainHead(models.Model):
    """Single row locked while appending, so concurrent writers cannot fork the chain."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"audit head after {self.count} entries"


class BreakGlassGrant(models.Model):
    """Temporary, justified access to one case outside the user's normal scope."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="break_glass_grants")
    reason = EncryptedTextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="breakglass_user_active")]

    def __str__(self) -> str:
        return f"{self.user} → case {self.case_id} until {self.expires_at:%Y-%m-%d %H:%M}"


from reintegra.core.models_grants import GrantRequest, GrantStatus  # noqa: E402,F401  (pending role grants)
