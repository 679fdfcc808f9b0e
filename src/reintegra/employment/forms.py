from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.employment.models import (
    DECENT_WORK_CRITERIA,
    Employer,
    EmployerFeedback,
    Enterprise,
    MarketAppraisal,
    Mentor,
    Opportunity,
    Placement,
    StartupSupport,
    SupportSession,
)
from reintegra.skills.forms import DATE, isco_field


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = ["name", "tax_id", "isic_section", "size", "admin_area", "contact_name", "contact_phone",
                  "contact_email", "partnership"]


class VettingForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Employer.Vetting.choices)
    notes = forms.CharField(label=_("Notes and conditions"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DECENT_WORK_CRITERIA.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)


class AwarenessForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    participants = forms.IntegerField(label=_("Participants"), min_value=0, initial=0)


class RegisterImportForm(forms.Form):
    source = forms.CharField(label=_("Register"), max_length=200,
                             help_text=_("e.g. Brazil — Cadastro de Empregadores, 2026-10"))
    country = forms.CharField(label=_("Country (ISO 3166-1 alpha-2)"), max_length=2, required=False)
    file = forms.FileField(label=_("CSV file"))


class OpportunityForm(forms.ModelForm):
    isco_code = isco_field(_("Occupation (ISCO-08)"), required=True)
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())

    class Meta:
        model = Opportunity
        fields = ["employer", "kind", "title", "isco_code", "skills", "admin_area", "hours_per_week", "schedule",
                  "monthly_wage", "contract_type", "min_literacy", "suits_early_stage", "openings", "deadline"]
        widgets = {"deadline": DATE, "skills": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            cast(forms.ModelChoiceField, self.fields["employer"]).queryset = employers


class PlacementForm(forms.ModelForm):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none(), required=False)
    opportunity = forms.ModelChoiceField(label=_("Opportunity"), queryset=Opportunity.objects.none(), required=False)

    class Meta:
        model = Placement
        fields = ["opportunity", "employer", "kind", "job_title", "started_on", "monthly_wage", "contract_type",
                  "hours_per_week"]
        widgets = {"started_on": DATE}

    def __init__(self, *args, employers=None, opportunities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            cast(forms.ModelChoiceField, self.fields["employer"]).queryset = employers
        if opportunities is not None:
            cast(forms.ModelChoiceField, self.fields["opportunity"]).queryset = opportunities


class RetentionForm(forms.Form):
    done_on = forms.DateField(label=_("Checked on"), widget=DATE)
    still_employed = forms.TypedChoiceField(label=_("Still in the job?"), coerce=lambda v: v == "yes",
                                            choices=[("yes", _("Yes")), ("no", _("No"))])
    monthly_wage = forms.DecimalField(label=_("Monthly wage now"), required=False, max_digits=10, decimal_places=2)
    satisfied = forms.NullBooleanField(label=_("Satisfied with the work?"), required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    end_reason = forms.ChoiceField(label=_("If not, why did it end?"), required=False,
                                   choices=[("", "—"), *Placement.EndReason.choices])


class ConsentForm(forms.Form):
    employer = forms.ModelChoiceField(label=_("Employer"), queryset=Employer.objects.none())
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    witness = forms.CharField(label=_("Witness"), max_length=200, required=False)

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            cast(forms.ModelChoiceField, self.fields["employer"]).queryset = employers


class EnterpriseForm(forms.ModelForm):
    isco_code = isco_field(_("Trade (ISCO-08)"))

    class Meta:
        model = Enterprise
        fields = ["name", "isco_code", "isic_section", "admin_area", "business_plan", "is_group"]
        widgets = {"business_plan": forms.Textarea(attrs={"rows": 3})}


class StartupSupportForm(forms.ModelForm):
    class Meta:
        model = StartupSupport
        fields = ["kind", "amount", "own_contribution", "given_on", "provider"]
        widgets = {"given_on": DATE}


class ViabilityForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE)
    trading = forms.BooleanField(label=_("Still trading"), required=False, initial=True)
    monthly_income = forms.DecimalField(label=_("Monthly net income"), required=False, max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SessionForm(forms.ModelForm):
    registered_mentor = forms.ModelChoiceField(label=_("Registered mentor or coach"), queryset=Mentor.objects.none(),
                                               required=False)

    class Meta:
        model = SupportSession
        fields = ["kind", "held_on", "registered_mentor", "mentor", "peer_survivor_mentor", "notes"]
        widgets = {"held_on": DATE, "mentor": forms.TextInput(attrs={"maxlength": 200}),
                   "notes": forms.Textarea(attrs={"rows": 2, "maxlength": 500})}
        help_texts = {"mentor": _("Only when the mentor is not in the register.")}

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["registered_mentor"])
        if mentors is not None:
            field.queryset = mentors
        field.label_from_instance = mentor_label  # type: ignore[method-assign,assignment]


def mentor_label(mentor: Mentor) -> str:
    trained = _("trained %(on)s") % {"on": mentor.trained_on} if mentor.trained_on else _("not trained yet")
    return f"{mentor.name} ({mentor.get_kind_display()}, {trained})"


class MentorForm(forms.ModelForm):
    name = forms.CharField(label=_("Name"), max_length=200)

    class Meta:
        model = Mentor
        fields = ["name", "kind", "peer_survivor", "trained_on", "training", "active"]
        widgets = {"trained_on": DATE}
        help_texts = {"peer_survivor": _("A survivor who mentors others; the name is stored encrypted."),
                      "training": _("e.g. 3-day mentoring course, survivor-centred approach")}


class EmployerFeedbackForm(forms.Form):
    placement = forms.ModelChoiceField(label=_("About"), queryset=Placement.objects.none(), required=False,
                                       empty_label=_("The partnership in general"))
    given_on = forms.DateField(label=_("Given on"), widget=DATE)
    rating = forms.TypedChoiceField(label=_("How satisfied is the employer?"), coerce=int,
                                    choices=EmployerFeedback.Rating.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
                              help_text=_("Stored encrypted; never used in statistics."))

    def __init__(self, *args, placements=None, placement_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["placement"])
        if placements is not None:
            field.queryset = placements
        if placement_label is not None:
            field.label_from_instance = placement_label  # type: ignore[method-assign,assignment]


class AppraisalForm(forms.ModelForm):
    class Meta:
        model = MarketAppraisal
        fields = ["admin_area", "kind", "title", "conducted_on", "summary", "feasibility_notes"]
        widgets = {"conducted_on": DATE, "summary": forms.Textarea(attrs={"rows": 3}),
                   "feasibility_notes": forms.Textarea(attrs={"rows": 2})}


class TradeForm(forms.Form):
    isco_code = isco_field(_("Trade (ISCO-08)"), required=True)
    evidence = forms.CharField(label=_("Evidence"), max_length=300)
    observed_on = forms.DateField(label=_("Observed on"), widget=DATE, required=False)
    for_self_employment = forms.BooleanField(label=_("Opportunity for self-employment"), required=False)
