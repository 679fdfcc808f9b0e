from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.directory.models import Service
from reintegra.skills.forms import DATE, isco_field
from reintegra.training.models import DropoutReason, Enrolment, Programme
from reintegra.training.services import SUPPORT_FIELDS


class ProgrammeForm(forms.ModelForm):
    isco_code = isco_field(_("Occupation prepared for (ISCO-08)"))

    class Meta:
        model = Programme
        fields = ["name", "kind", "foundational_subject", "format", "delivery", "isco_code", "duration_weeks",
                  "schedule", "location", "admin_area", "language", "cost", "funding", "qualification",
                  "awarding_body", "open_to", "capacity", "service"]

    def __init__(self, *args: Any, organization_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the organisation's own directory entries (the service checks it again).
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = (
            Service.objects.filter(provider__member_id=organization_id).order_by("name")
            if organization_id else Service.objects.none())


class ProgrammeEditForm(ProgrammeForm):
    class Meta(ProgrammeForm.Meta):
        fields = [*ProgrammeForm.Meta.fields, "is_active"]


class EnrolForm(forms.ModelForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())

    class Meta:
        model = Enrolment
        fields = ["programme", *SUPPORT_FIELDS]

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            cast(forms.ModelChoiceField, self.fields["programme"]).queryset = programmes


class CommunityTraineeForm(forms.Form):
    gender = forms.CharField(label=_("Gender"), max_length=24, required=False)
    birth_year = forms.IntegerField(label=_("Birth year"), required=False, min_value=1900, max_value=2100)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Enrolment.Status.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    certificate = forms.CharField(label=_("Certificate"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Why the trainee dropped out"), required=False,
                                 choices=[("", "—"), *DropoutReason.choices])
    reason = forms.CharField(label=_("Note (kept private, never in statistics)"), max_length=300, required=False)


class AttendanceForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    present = forms.BooleanField(label=_("Present"), required=False)


class IntakeForm(forms.Form):
    starts_on = forms.DateField(label=_("Intake starts on"), widget=DATE)
    ends_on = forms.DateField(label=_("Intake ends on"), widget=DATE, required=False)
    capacity = forms.IntegerField(label=_("Places (empty: the programme's)"), min_value=1, required=False)
