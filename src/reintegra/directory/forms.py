from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.core.reference import organization_type_choices
from reintegra.directory import attributes
from reintegra.directory.capacity import areas


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    area = forms.CharField(label=_("Area"), required=False)
    service_type = forms.ChoiceField(label=_("Type"), required=False,
                                     choices=lambda: [("", "—"), *organization_type_choices()])
    support = forms.ChoiceField(label=_("Support"), required=False,
                                choices=lambda: [("", "—"), *attributes.choices("support")])
    target_group = forms.ChoiceField(label=_("For"), required=False,
                                     choices=lambda: [("", "—"), *attributes.choices("target_group")])


class CoverageFilterForm(forms.Form):
    area = forms.CharField(label=_("Area"), required=False)
    service_type = forms.MultipleChoiceField(label=_("Types"), required=False, choices=organization_type_choices,
                                             widget=forms.SelectMultiple(attrs={"size": 6}))


class CapacityForm(forms.Form):
    places_available = forms.IntegerField(label=_("Places available now"), required=False, min_value=0)
    waiting_days = forms.IntegerField(label=_("Waiting time (days)"), required=False, min_value=0)
    accepts_referrals = forms.BooleanField(label=_("Accepts referrals"), required=False)


SCORE_CHOICES = [("", _("not assessed")), ("0", _("0 – not in place")), ("1", _("1 – partly")),
                 ("2", _("2 – mostly")), ("3", _("3 – fully"))]


class AssessmentForm(forms.Form):
    assessed_on = forms.DateField(label=_("Assessed on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for area in areas():
            for item in area["items"]:
                key = item["code"].replace(".", "_")
                self.fields[f"score_{key}"] = forms.TypedChoiceField(
                    label=f"{item['code']} {item['text']}", choices=SCORE_CHOICES, required=False,
                    coerce=int, empty_value=None)
                self.fields[f"action_{key}"] = forms.CharField(label=_("Action point"), required=False)

    def scores(self) -> tuple[dict[str, int | None], dict[str, str]]:
        scores, actions = {}, {}
        for area in areas():
            for item in area["items"]:
                key = item["code"].replace(".", "_")
                scores[item["code"]] = self.cleaned_data.get(f"score_{key}")
                actions[item["code"]] = self.cleaned_data.get(f"action_{key}") or ""
        return scores, actions
