from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reintegra.core.models import Organization
from reintegra.referrals.consent import section_choices
from reintegra.referrals.models import Outcome, Urgency


class ReferralForm(forms.Form):
    recipient = forms.ModelChoiceField(Organization.objects.filter(is_active=True), label=_("Refer to"))
    reason = forms.CharField(label=_("What the person needs from this provider"),
                             widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices)
    sections = forms.MultipleChoiceField(label=_("Sections to share (only what the provider needs)"),
                                         widget=forms.CheckboxSelectMultiple, choices=section_choices)
    response_due = forms.DateField(label=_("Answer needed by"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("Leave empty for the default of the urgency."))
    send_now = forms.BooleanField(label=_("Send now (the survivor's consent is checked)"), required=False, initial=True)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int, choices=[(i, str(i)) for i in range(1, 6)])
    comment = forms.CharField(label=_("What the person said"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    anonymous = forms.BooleanField(label=_("Anonymous"), required=False, initial=True)


class TransferForm(forms.Form):
    to_organization = forms.ModelChoiceField(Organization.objects.filter(is_active=True), label=_("New owner"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
