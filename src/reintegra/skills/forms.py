from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.skills import coding
from reintegra.skills.models import (
    CodedItem,
    GuidanceChecklistAnswer,
    GuidanceGoal,
    Qualification,
    RplRecord,
    SkillsProfile,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

DATE = forms.DateInput(attrs={"type": "date"})


class ProfileForm(forms.ModelForm):
    class Meta:
        model = SkillsProfile
        fields = ["literacy", "numeracy", "languages", "work_experience", "interests", "constraints",
                  "preferred_areas", "max_hours_per_week", "matching_consent_on"]
        widgets = {"work_experience": forms.Textarea(attrs={"rows": 3}), "interests": forms.Textarea(attrs={"rows": 2}),
                   "constraints": forms.Textarea(attrs={"rows": 2}), "matching_consent_on": DATE}


class SuggestForm(forms.Form):
    text = forms.CharField(label=_("Describe the work or skill, in any language"), max_length=300)
    kind = forms.ChoiceField(label=_("Look for"), choices=CodedItem.Kind.choices)


class ConfirmForm(forms.Form):
    kind = forms.ChoiceField(choices=CodedItem.Kind.choices)
    code = forms.CharField(max_length=200)
    source_text = forms.CharField(max_length=300, required=False)


def isco_field(label: str | StrPromise, required: bool = False) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=required, choices=[("", "—"), *coding.isco_unit_choices()])


class GoalForm(forms.ModelForm):
    isco_code = isco_field(_("Target occupation (ISCO-08)"))

    class Meta:
        model = GuidanceGoal
        fields = ["kind", "description", "isco_code", "non_traditional", "non_traditional_discussed", "target_date"]
        widgets = {"target_date": DATE}


class QualificationForm(forms.ModelForm):
    class Meta:
        model = Qualification
        fields = ["title", "awarding_body", "country", "is_foreign", "isced_level", "year", "recognition"]


class RplStartForm(forms.Form):
    subject = forms.CharField(label=_("Skill or qualification to recognise"), max_length=200)
    on = forms.DateField(label=_("Information given on"), widget=DATE)


class RplAdvanceForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to stage"), choices=RplRecord.Stage.choices)
    on = forms.DateField(label=_("Date"), widget=DATE)
    result = forms.ChoiceField(label=_("Certification"), choices=RplRecord.Result.choices, required=False)
    assessor = forms.CharField(label=_("Assessor"), max_length=200, required=False)
    awarding_body = forms.CharField(label=_("Awarding body"), max_length=200, required=False)
    evidence = forms.CharField(label=_("Evidence added"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    gaps = forms.CharField(label=_("Gaps found"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ChecklistForm(forms.Form):
    item_id = forms.CharField(max_length=10, widget=forms.HiddenInput)
    answer = forms.ChoiceField(label=_("Answer"), choices=GuidanceChecklistAnswer.Answer.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
