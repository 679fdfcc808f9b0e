"""Forms of the planning pages. Validation that matters lives in the services; these only parse."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import Organization
from reintegra.planning import reference
from reintegra.planning.models import (
    ActionPoint,
    ActionStatus,
    ActivityStatus,
    AnswerChoice,
    AssessmentScope,
    Objective,
    Output,
    Pillar,
)

DATE = forms.DateInput(attrs={"type": "date"})


def set_queryset(form: forms.Form, name: str, queryset: Any) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def set_choices(form: forms.Form, name: str, choices: Any) -> None:
    cast(forms.ChoiceField, form.fields[name]).choices = choices


class AssessmentForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Organisation"), queryset=Organization.objects.none())
    scope = forms.ChoiceField(label=_("Scope"), choices=AssessmentScope.choices)
    period_label = forms.CharField(label=_("Period"), max_length=40, help_text=_("For example 2026 or 2026-H1."))
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            set_queryset(self, "organization", organizations)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Answer"), required=False,
                               choices=[("", _("Not answered")), *AnswerChoice.choices])
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.CharField(label=_("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), required=False, max_length=150)


class GenerateActionsForm(forms.Form):
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    default_owner = forms.CharField(label=_("Owner when the item has none"), required=False, max_length=150)


class ActionPointForm(forms.Form):
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.CharField(label=_("Owner"), required=False, max_length=150)
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class PlanForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("Coordinating organisation"), queryset=Organization.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.RegexField(label=_("Country (two-letter code)"), regex=r"^[A-Za-z]{2}$", max_length=2)
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    long_term_goal = forms.CharField(label=_("Long-term goal"), widget=forms.Textarea(attrs={"rows": 3}),
                                     help_text=_("Say what will have changed, where, and by when."))
    goal_year = forms.IntegerField(label=_("Goal year"), required=False, min_value=1900, max_value=2200)
    geography = forms.CharField(label=_("Geographical scope"), required=False, max_length=200)

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is not None:
            set_queryset(self, "organization", organizations)


class PrincipleForm(forms.Form):
    template_code = forms.ChoiceField(label=_("Start from a template"), required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=120)
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_choices(self, "template_code", [("", _("None: write my own"))] + [
            (t["code"], t["title"]) for t in reference.guiding_principle_templates()])


def legal_ref_choices():
    return [(ref["id"], f'{ref["id"]}: {ref["summary"]}') for ref in reference.legal_references().values()]


class ObjectiveForm(forms.Form):
    pillar = forms.ChoiceField(label=_("Pillar"), choices=Pillar.choices)
    code = forms.CharField(label=_("Code"), required=False, max_length=20)
    title = forms.CharField(label=_("Objective (intermediate outcome)"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    legal_refs = forms.MultipleChoiceField(label=_("P029 articles / R203 paragraphs"), required=False,
                                           choices=legal_ref_choices, widget=forms.SelectMultiple(attrs={"size": 6}))


class OutputForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=Objective.objects.none())
    title = forms.CharField(label=_("Output"), max_length=300)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "objective", plan.objectives.all() if plan else Objective.objects.none())


class ActivityForm(forms.Form):
    output = forms.ModelChoiceField(label=_("Output"), queryset=Output.objects.none())
    title = forms.CharField(label=_("Activity"), max_length=300)
    partners = forms.ModelMultipleChoiceField(label=_("Responsible partners"), required=False,
                                              queryset=Organization.objects.filter(is_active=True))
    budget = forms.DecimalField(label=_("Budget"), required=False, max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    start_on = forms.DateField(label=_("Start"), required=False, widget=DATE)
    end_on = forms.DateField(label=_("End"), required=False, widget=DATE)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "output", Output.objects.filter(objective__plan=plan) if plan else Output.objects.none())


class ActivityProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    progress_note = forms.CharField(label=_("Progress note"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))


class AttachActionForm(forms.Form):
    action_point = forms.ModelChoiceField(label=_("Checklist action point"), queryset=ActionPoint.objects.none())

    def __init__(self, *args, action_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "action_point", action_points)


def live_indicator_choices():
    from reintegra.planning.live_indicators import live_choices

    return [("", _("None: values entered by hand")), *live_choices()]


class IndicatorForm(forms.Form):
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=Objective.objects.none(), required=False)
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=40)
    baseline_value = forms.DecimalField(label=_("Baseline"), required=False, max_digits=14, decimal_places=2)
    baseline_year = forms.IntegerField(label=_("Baseline year"), required=False, min_value=1900, max_value=2200)
    target_value = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)
    target_year = forms.IntegerField(label=_("Target year"), required=False, min_value=1900, max_value=2200)
    live_indicator_code = forms.ChoiceField(label=_("Linked live M&E indicator"), required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        set_queryset(self, "objective", plan.objectives.all() if plan else Objective.objects.none())
        set_choices(self, "live_indicator_code", live_indicator_choices())


class IndicatorValueForm(forms.Form):
    measured_on = forms.DateField(label=_("Measured on"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
