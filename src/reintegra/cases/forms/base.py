from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.cases.models import CaseStatus, Phase
from reintegra.people.models import Gender


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Survivor code or full name"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}))
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Any status")), *CaseStatus.choices])
    admin_area = forms.CharField(label=_("Area"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("Any phase")), *Phase.choices])
    overdue = forms.BooleanField(label=_("Follow-up overdue"), required=False)


class CaseOpenForm(forms.Form):
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    nationality = forms.RegexField(label=_("Nationality (two-letter country code)"), regex=r"^[A-Za-z]{2}$",
                                   required=False, max_length=2)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    admin_area = forms.CharField(label=_("Administrative area"), max_length=100, required=False)
    confirm_new_person = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different person"), required=False,
    )

    def clean(self):
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name")):
            raise forms.ValidationError(_("Enter at least a given name or a family name."))
        return data


class BreakGlassForm(forms.Form):
    reason = forms.CharField(label=_("Why do you need access to this case?"), min_length=15,
                             widget=forms.Textarea(attrs={"rows": 3}))
