"""Referrals (access to named sections of a case for a provider) and transfers (change of owner)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


# Which status may follow which (anything else is refused by the services).
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SENT, Status.CANCELLED},
    Status.SENT: {Status.ACCEPTED, Status.DECLINED, Status.CANCELLED, Status.EXPIRED},
    Status.ACCEPTED: {Status.IN_PROGRESS, Status.COMPLETED, Status.CANCELLED},
    Status.IN_PROGRESS: {Status.COMPLETED, Status.CANCELLED},
}
ACTIVE = {Status.SENT, Status.ACCEPTED, Status.IN_PROGRESS}
CLOSED = {Status.DECLINED, Status.COMPLETED, Status.CANCELLED, Status.EXPIRED}


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    PRIORITY = "priority", _("Priority")
    URGENT = "urgent", _("Urgent (safety)")


class Outcome(models.TextChoices):
    ACHIEVED = "achieved", _("Service delivered, goal achieved")
    PARTLY = "partly", _("Service delivered, goal partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Service delivered, goal not achieved")
    WITHDREW = "withdrew", _("The person stopped attending")
    TRAINING_COMPLETED = "training_completed", _("Training completed")
    EMPLOYED = "employed", _("Found work")


class Referral(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("referring organisation"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    recipient = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("referred to"))
    service = models.ForeignKey("directory.Service", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="referrals", verbose_name=_("service"))
    reason = EncryptedTextField(_("reason"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.ROUTINE)
    shared_sections = models.JSONField(_("sections shared"), default=list)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    response_due = models.DateField(_("answer needed by"))
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)
    cancel_reason = EncryptedTextField(_("reason for cancelling"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = EncryptedTextField(_("outcome note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "status"], name="referral_recipient_status"),
            models.Index(fields=["organization", "status"], name="referral_org_status"),
            models.Index(fields=["status", "response_due"], name="referral_due"),
        ]

    def __str__(self) -> str:
        return f"R-{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE


class ReferralEvent(models.Model):
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status} → {self.to_status}"


class Feedback(models.Model):
    """The survivor's view of the service received, recorded by the referring organisation."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"))
    comment = EncryptedTextField(_("comment"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True,
                                    help_text=_("The provider sees only totals, never who said what."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.rating}/5"


class TransferStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Transfer(models.Model):
    """Hand-over of case ownership; takes effect only when the receiving organisation accepts."""

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("current owner"))
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="transfers")
    to_organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("new owner"))
    reason = EncryptedTextField(_("reason"))
    status = models.CharField(max_length=10, choices=TransferStatus.choices, default=TransferStatus.REQUESTED)
    decline_reason = EncryptedTextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"transfer of case {self.case_id} → {self.to_organization_id} ({self.status})"


class Notification(models.Model):
    """In-app notice. Carries no survivor identity: a reference number and an organisation name."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referral_notices")
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.message
