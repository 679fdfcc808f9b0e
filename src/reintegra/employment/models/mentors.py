"""The organisation's register of mentors and coaches and their training (3g mentoring, 3h "enough
trained coaches and mentors?"). A mentor may be a peer survivor, so the name is stored encrypted."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField


class Mentor(models.Model):
    class Kind(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        COACH = "coach", _("Coach")

    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    name = EncryptedTextField(_("name"))
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.MENTOR)
    peer_survivor = models.BooleanField(_("peer survivor"), default=False)
    trained_on = models.DateField(_("training completed on"), null=True, blank=True)
    training = models.CharField(_("training received"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-active", "id"]
        indexes = [models.Index(fields=["organization", "trained_on"], name="mentor_org_trained")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_trained(self) -> bool:
        return self.trained_on is not None
