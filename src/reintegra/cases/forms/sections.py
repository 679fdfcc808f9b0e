"""Forms for the sections of a case (identification, screening, consent, protection, needs, …)."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from reintegra.cases import conf, screening
from reintegra.cases.models import (
    OUTCOME_DOMAINS,
    ClosureReason,
    ContactMethod,
    ContinuumStage,
    EmploymentStatus,
    FormOfForcedLabour,
    GoalArea,
    Horizon,
    Identification,
    MethodOfControl,
    Phase,
    Protection,
    Readiness,
    RecruiterRelationship,
    Section,
    Timepoint,
)
from reintegra.core.models import Organization
from reintegra.people.models import ConsentPurpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label, required=False):
    return forms.DateField(label=label, required=required, widget=DATE)


class IdentificationForm(forms.ModelForm):
    class Meta:
        model = Identification
        fields = ["identified_by", "identified_on", "trafficking_status", "status_decided_by", "mechanism_stage",
                  "reasonable_grounds_on", "conclusive_grounds_on", "referred_in_by", "referred_in_by_other",
                  "referred_in_on", "referral_reason", "note"]
        widgets = {**{name: DATE for name in ("identified_on", "reasonable_grounds_on", "conclusive_grounds_on",
                                              "referred_in_on")},
                   "referred_in_by_other": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["referred_in_by"]).queryset = Organization.objects.filter(
            is_active=True)


class ExploitationForm(forms.Form):
    form = forms.ChoiceField(label=_("Form of forced labour"), choices=FormOfForcedLabour.choices)
    isic_division = forms.ChoiceField(label=_("Sector (ISIC Rev.4 division)"), required=False,
                                      choices=[("", "—"), *conf.isic_division_choices()])
    country = forms.RegexField(label=_("Country of exploitation (two letters)"), regex=r"^[A-Za-z]{2}$",
                               required=False, max_length=2)
    started_on = _date(_("Started on"))
    ended_on = _date(_("Ended on"))
    duration_months = forms.IntegerField(label=_("Duration in months (if dates unknown)"), required=False,
                                         min_value=0, max_value=1200)
    methods_of_control = forms.MultipleChoiceField(label=_("Methods of control"), required=False,
                                                   choices=MethodOfControl.choices,
                                                   widget=forms.CheckboxSelectMultiple)
    continuum_stage = forms.ChoiceField(label=_("Stage on the continuum (Figure 1)"), required=False,
                                        choices=[("", "—"), *ContinuumStage.choices])
    recruiter_relationship = forms.ChoiceField(label=_("Relationship to the recruiter"), required=False,
                                               choices=[("", "—"), *RecruiterRelationship.choices])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ScreeningForm(forms.Form):
    age = forms.IntegerField(label=_("Age while doing this work (leave empty if unknown)"), required=False,
                             min_value=0, max_value=screening.MAX_AGE)
    presume_minor = forms.BooleanField(label=_("If age is unknown, presume a child (R203 §10c)"), required=False,
                                       initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.catalogue = screening.load_catalogue()
        for stage, stage_label in self.catalogue.stages.items():
            choices = [(i.code, f"{i.code} — {i.question}") for i in self.catalogue.indicators.values()
                       if i.stage == stage and i.kind != "child_rule"]
            self.fields[f"stage_{stage}"] = forms.MultipleChoiceField(
                label=stage_label, required=False, choices=choices, widget=forms.CheckboxSelectMultiple)
        self.fields["stage_child"] = forms.MultipleChoiceField(
            label=_("Only for children (under 18 at the time)"), required=False,
            choices=[(i.code, f"{i.code} — {i.question}") for i in self.catalogue.indicators.values()
                     if i.kind == "child_rule"], widget=forms.CheckboxSelectMultiple)

    def indicators(self) -> list[str]:
        return [code for name, value in self.cleaned_data.items() if name.startswith("stage_") for code in value]


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    shared_with = forms.ModelChoiceField(label=_("Organisation (for sharing)"), required=False,
                                         queryset=Organization.objects.filter(is_active=True))
    given = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                   choices=[("yes", _("Consent given")), ("no", _("Consent withdrawn or refused"))],
                                   widget=forms.RadioSelect)
    recorded_on = _date(_("Date of the decision"))
    witness = forms.CharField(label=_("Witness"), max_length=150, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ShareForm(forms.Form):
    shared_with = forms.ModelChoiceField(label=_("Share with"), queryset=Organization.objects.filter(is_active=True))
    sections = forms.MultipleChoiceField(label=_("Sections"), choices=Section.choices,
                                         widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label=_("Why"), max_length=200)
    override_reason = forms.CharField(label=_("Reason for sharing without consent (supervisors only)"),
                                      required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProtectionForm(forms.ModelForm):
    class Meta:
        model = Protection
        fields = ["age_uncertain", "presumed_minor", "guardian_name", "guardian_contact", "is_migrant",
                  "reflection_jurisdiction", "reflection_days", "reflection_starts_on", "safety_risk",
                  "safety_note", "non_punishment_note"]
        widgets = {"reflection_starts_on": DATE, "guardian_name": forms.TextInput,
                   "guardian_contact": forms.TextInput, "safety_note": forms.Textarea(attrs={"rows": 2}),
                   "non_punishment_note": forms.Textarea(attrs={"rows": 2})}


class ContactForm(forms.Form):
    do_not_contact = forms.BooleanField(label=_("Do not contact"), required=False)
    safe_contact_instructions = forms.CharField(label=_("Safe-contact instructions"), required=False,
                                                widget=forms.Textarea(attrs={"rows": 2}))


class NeedsForm(forms.Form):
    readiness = forms.ChoiceField(label=_("Readiness"), choices=Readiness.choices)
    aspirations = forms.CharField(label=_("Aspirations, in the person's own words"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    needs_childcare = forms.BooleanField(label=_("Needs childcare"), required=False)
    needs_transport = forms.BooleanField(label=_("Needs transport"), required=False)
    schedule_constraints = forms.BooleanField(label=_("Has schedule constraints"), required=False)
    constraints_note = forms.CharField(label=_("Constraints"), required=False)
    immediate = forms.CharField(label=_("Immediate needs (one per line)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    intermediate = forms.CharField(label=_("Intermediate needs (one per line)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    long_term = forms.CharField(label=_("Long-term needs (one per line)"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        levels = [("", "—"), *conf.needs_levels().items()]
        for dim in conf.needs_dimensions():
            self.fields[f"dim_{dim['code']}"] = forms.ChoiceField(label=dim["label"], help_text=dim["prompt"],
                                                                  choices=levels, required=False)
            self.fields[f"note_{dim['code']}"] = forms.CharField(label=_("Note"), required=False, max_length=300)
        answers = [("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))]
        for item in conf.needs_checklist():
            self.fields[f"check_{item['number']}"] = forms.ChoiceField(
                label=f"3c.{item['number']} {item['text']}", choices=answers, required=False)

    def payload(self) -> dict:
        data = self.cleaned_data
        needs = [{"horizon": horizon, "description": line.strip()}
                 for horizon in Horizon.values for line in data[horizon].splitlines() if line.strip()]
        return {
            "dimensions": {d["code"]: {"level": data[f"dim_{d['code']}"], "note": data[f"note_{d['code']}"]}
                           for d in conf.needs_dimensions()},
            "checklist": {str(i["number"]): {"yes": True, "no": False}.get(data[f"check_{i['number']}"])
                          for i in conf.needs_checklist()},
            "needs": needs,
            **{k: data[k] for k in ("readiness", "aspirations", "needs_childcare", "needs_transport",
                                    "schedule_constraints", "constraints_note")},
        }


class OutcomeForm(forms.Form):
    timepoint = forms.ChoiceField(label=_("Time point"), choices=Timepoint.choices)
    assessed_on = _date(_("Assessed on"))
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in OUTCOME_DOMAINS:
            self.fields[code] = forms.IntegerField(label=label, min_value=1, max_value=5,
                                                   help_text=_("1 = very poor, 5 = very good"))


class PlanForm(forms.Form):
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(label=_("Language of the printed plan"), choices=settings.LANGUAGES)
    agreed_by_survivor = forms.BooleanField(label=_("The survivor agrees with the plan"), required=False)
    agreed_on = _date(_("Agreed on"))
    agreement_note = forms.CharField(label=_("How the agreement was given"), required=False)


class PlanGoalForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=GoalArea.choices)
    description = forms.CharField(label=_("Goal"), max_length=300)
    target_on = _date(_("Target date"))


class PlanActionForm(forms.Form):
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, choices=[])
    description = forms.CharField(label=_("Action"), max_length=300)
    responsible_organization = forms.ModelChoiceField(label=_("Responsible organisation"), required=False,
                                                      queryset=Organization.objects.filter(is_active=True))
    responsible_person = forms.CharField(label=_("Responsible person"), max_length=150, required=False)
    due_on = _date(_("Due on"))

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["goal"]).choices = [(g.pk, g.description) for g in goals]


class PlanReviewForm(forms.Form):
    note = forms.CharField(label=_("Review"), widget=forms.Textarea(attrs={"rows": 3}))
    reviewed_on = _date(_("Reviewed on"))


class FollowUpForm(forms.Form):
    done_on = _date(_("Date of the contact"))
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    employment_status = forms.ChoiceField(label=_("Employment"), required=False,
                                          choices=[("", "—"), *EmploymentStatus.choices])
    monthly_income = forms.DecimalField(label=_("Monthly income"), required=False, min_value=0,
                                        max_digits=12, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3)
    has_debt = forms.NullBooleanField(label=_("Has debt"), required=False)
    debt_amount = forms.DecimalField(label=_("Debt"), required=False, min_value=0, max_digits=12,
                                     decimal_places=2)
    wellbeing = forms.TypedChoiceField(label=_("Wellbeing (1 very poor – 5 very good)"), required=False,
                                       coerce=int, empty_value=None,
                                       choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)])
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    started_on = _date(_("Starts on"))
    note = forms.CharField(label=_("Note"), required=False)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ClosureReason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TeamForm(forms.Form):
    case_manager = forms.ModelChoiceField(label=_("Case manager (single point of contact)"),
                                          queryset=get_user_model().objects.none())
    team = forms.ModelMultipleChoiceField(label=_("Multidisciplinary team"), queryset=get_user_model().objects.none(),
                                          required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["case_manager"]).queryset = members
        cast(forms.ModelMultipleChoiceField, self.fields["team"]).queryset = members


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=[])

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = choices


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Why is the case reopened?"), min_length=10,
                           widget=forms.Textarea(attrs={"rows": 2}))
