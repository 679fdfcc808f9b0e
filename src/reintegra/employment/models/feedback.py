"""Employers' own feedback on the programme: about one placement, or about the partnership as a
whole (3h, "how satisfied are employers?"). The rating is on a fixed 1–5 scale; the comment may
name the person placed, so it is stored encrypted and never read by statistics."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.core.fields import EncryptedTextField

SATISFIED_FROM = 4  # ratings 4 and 5 of 5 count as satisfied (as beneficiary feedback)


class EmployerFeedback(models.Model):
    class Rating(models.IntegerChoices):
        VERY_DISSATISFIED = 1, _("1 — Very dissatisfied")
        DISSATISFIED = 2, _("2 — Dissatisfied")
        NEUTRAL = 3, _("3 — Neither satisfied nor dissatisfied")
        SATISFIED = 4, _("4 — Satisfied")
        VERY_SATISFIED = 5, _("5 — Very satisfied")

    class Channel(models.TextChoices):
        STAFF = "staff", _("Recorded by staff")
        PORTAL = "portal", _("Given through the employer portal")

    # The organisation the feedback belongs to: the placement's owner, or for partnership feedback
    # the organisation of the staff member recording it (the employer's recorder for the portal).
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey("employment.Employer", on_delete=models.CASCADE, related_name="feedback")
    placement = models.ForeignKey("employment.Placement", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="employer_feedback", verbose_name=_("placement"))
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    rating = models.PositiveSmallIntegerField(_("how satisfied"), choices=Rating.choices,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = EncryptedTextField(_("comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=6, choices=Channel.choices, default=Channel.STAFF)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["organization", "given_on"], name="employer_feedback_org_given")]

    def __str__(self) -> str:
        return f"{self.employer} · {self.given_on} · {self.rating}/5"

    @property
    def satisfied(self) -> bool:
        return self.rating >= SATISFIED_FROM
