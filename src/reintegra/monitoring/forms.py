"""Forms for plans, KPIs, dashboard filters and releases."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reintegra.monitoring.models import DataSource, Frequency, MEPlan
from reintegra.monitoring.statistics import periods
from reintegra.monitoring.statistics.computations import DERIVED as CUBE_DERIVED
from reintegra.monitoring.statistics.library import dimension_choices, indicator_choices, live_dimensions
from reintegra.training.models import Programme

# Disaggregations of the case-based figures (cube.py): releases and charts use these.
CUBE_DIMENSIONS = ("sex", "age_group", "nationality", "migrant", "disability", "area", "organization", *CUBE_DERIVED)


class DateInput(forms.DateInput):
    input_type = "date"


class PlanForm(forms.ModelForm):
    class Meta:
        model = MEPlan
        fields = ["title", "programme", "objectives", "responsible", "period_start", "period_end"]
        widgets = {"period_start": DateInput(), "period_end": DateInput(),
                   "objectives": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period must end after it starts."))
        return data


class KPIForm(forms.Form):
    indicator_code = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices)
    baseline = forms.DecimalField(label=_("Baseline"), required=False, max_digits=14, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=14, decimal_places=2)
    data_source = forms.ChoiceField(label=_("Data source"), choices=DataSource.choices)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices, initial=Frequency.QUARTERLY)
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregations"), choices=dimension_choices, required=False,
        widget=forms.CheckboxSelectMultiple, initial=["sex", "age_group"],
        help_text=_("The guidelines ask every plan to track gender and age group (3h, checklist item 2)."))
    responsible = forms.CharField(label=_("Responsible person"), max_length=200, required=False)


def _default_period() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today


class PeriodField(forms.ChoiceField):
    """One calendar period of the deployment's granularity (statistics/periods.py), by code.

    Offers the recent periods; accepts any period of that granularity (older ones by URL)."""

    def __init__(self, **kwargs: Any):
        super().__init__(choices=periods.choices(timezone.localdate()), **kwargs)
        self.error_messages["invalid_choice"] = periods.period_error()

    def valid_value(self, value: Any) -> bool:
        chosen = periods.from_code(str(value))
        return chosen is not None and periods.is_allowed(*chosen)


def _fixed_period(form: forms.Form, data: dict[str, Any], choice: str, first: str, last: str) -> None:
    """Checks the period an aggregate-only role asked for, by code (`choice`) or by its dates
    (`first`, `last`, as links and bookmarks carry); stores the dates under `first` and `last`."""
    start, end = data.get(first), data.get(last)
    if choice in form.errors:
        return
    if start or end:
        if not (start and end and periods.is_allowed(start, end)):
            form.add_error(choice, periods.period_error())
            return
        if data.get(choice) and periods.from_code(data[choice]) != (start, end):
            form.add_error(choice, periods.period_error())
            return
    elif data.get(choice):
        data[first], data[last] = periods.from_code(data[choice]) or (None, None)


class DashboardForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    organization = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    chart = forms.ChoiceField(label=_("Chart by"), required=False)
    baseline_start = forms.DateField(label=_("Compare with period from"), required=False, widget=DateInput())
    baseline_end = forms.DateField(label=_("to"), required=False, widget=DateInput())

    def __init__(self, *args, organizations=(), fixed_periods: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_periods = fixed_periods
        cast(forms.ChoiceField, self.fields["organization"]).choices = [("", _("All in my scope"))] + [
            (o.pk, o.name) for o in organizations]
        cast(forms.ChoiceField, self.fields["chart"]).choices = [(d.code, d.name) for d in live_dimensions()]
        if fixed_periods:
            # Aggregate-only roles pick one period of the deployment's granularity; the dates stay
            # accepted (hidden) so that links and bookmarks are checked the same way.
            kind = periods.KIND_NAMES[periods.aggregate_kind()]
            self.fields["period"] = PeriodField(label=_("Period"), required=False,
                                                help_text=_("One %(kind)s") % {"kind": kind})
            baseline = PeriodField(label=_("Compare with"), required=False)
            baseline.choices = [("", "—"), *periods.choices(timezone.localdate())]
            self.fields["baseline"] = baseline
            self.order_fields(["period", "organization", "chart", "baseline"])
            for name in ("start", "end", "baseline_start", "baseline_end"):
                self.fields[name].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fixed_periods:
            _fixed_period(self, data, "period", "start", "end")
            _fixed_period(self, data, "baseline", "baseline_start", "baseline_end")
        return data

    def chosen_period(self) -> tuple[dt.date, dt.date]:
        start, end = (periods.containing(timezone.localdate()) if self.fixed_periods else _default_period())
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("start") or start, data.get("end") or end
        return (start, end) if start <= end else (end, start)

    def baseline(self) -> tuple[dt.date, dt.date] | None:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("baseline_start") and data.get("baseline_end") and data["baseline_start"] <= data["baseline_end"]:
            return data["baseline_start"], data["baseline_end"]
        return None


class TracerForm(forms.Form):
    cohort_start = forms.DateField(label=_("Cohort opened from"), widget=DateInput())
    cohort_end = forms.DateField(label=_("to"), widget=DateInput())

    def __init__(self, *args, fixed_periods: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_periods = fixed_periods
        if fixed_periods:
            self.fields["cohort"] = PeriodField(label=_("Cohort: cases opened in"), required=False)
            self.order_fields(["cohort"])
            for name in ("cohort_start", "cohort_end"):
                self.fields[name].required = False
                self.fields[name].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.fixed_periods:
            _fixed_period(self, data, "cohort", "cohort_start", "cohort_end")
            if not self.errors and not (data.get("cohort_start") and data.get("cohort_end")):
                self.add_error("cohort", _("Choose the cohort's period."))
        return data


class ReleaseForm(forms.Form):
    KINDS = [("suppressed", _("Suppressed table (CSV)")), ("public", _("Public release with differential privacy")),
             ("ctdc", _("CTDC-style anonymised person-level file"))]
    kind = forms.ChoiceField(label=_("Release"), choices=KINDS)
    dimension = forms.ChoiceField(label=_("Broken down by"), required=False)
    start = forms.DateField(label=_("Cases opened from"), widget=DateInput())
    end = forms.DateField(label=_("to"), widget=DateInput())
    epsilon = forms.FloatField(label=_("Privacy loss ε"), required=False, min_value=0.01, max_value=5, initial=0.5)
    k = forms.IntegerField(label=_("k (smallest group)"), required=False, min_value=2, max_value=100, initial=11)

    def __init__(self, *args, fixed_periods: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_periods = fixed_periods
        cast(forms.ChoiceField, self.fields["dimension"]).choices = [(d.code, d.name) for d in live_dimensions()
                                                                     if d.code in CUBE_DIMENSIONS]
        if fixed_periods:
            self.fields["start"].help_text = periods.period_error()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if self.fixed_periods and start and end and not periods.is_allowed(start, end):
            self.add_error("start", periods.period_error())
        return data


class BudgetForm(forms.Form):
    programme: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Training programme"), queryset=Programme.objects.none(), required=False,
        empty_label=_("The organisation's whole reintegration work"))
    period_start = forms.DateField(label=_("Period start"), widget=DateInput())
    period_end = forms.DateField(label=_("Period end"), widget=DateInput())
    amount = forms.DecimalField(label=_("Amount spent"), max_digits=14, decimal_places=2, min_value=0)
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3, min_length=3)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["programme"]).queryset = Programme.objects.filter(
            organization=organization).order_by("name")
