"""The reporting periods aggregate-only roles may ask for.

Two suppressed tables over overlapping periods can be subtracted: 1 Jan–31 Mar minus 2 Jan–31 Mar
leaves one day's cases, and a quarter minus two of its published months leaves the third month,
including a cell that month's own table hid. People who only ever see aggregates (M&E officers,
network coordinators) therefore get ONE granularity of non-overlapping calendar periods, chosen per
deployment (`REINTEGRA_AGGREGATE_PERIOD`: month, quarter or year; default quarter): any two periods
they can ask for are either identical or disjoint, so no difference of two of them is a smaller
period. The check is made on the server for the dashboard and its baseline, its exports, the API,
the comparison, the tracer cohort, releases and plan values (docs/adr/0005-aggregate-periods.md).
Roles that can already read every case of their organisation (supervisors) keep free ranges:
differencing tells them nothing new.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from reintegra.core.permissions import memberships_with, role_has

KINDS = ("month", "quarter", "year")
DEFAULT_KIND = "quarter"
YEARS_OFFERED = 6  # how far back the period choice goes (the current year and the five before)

KIND_NAMES = {"month": _("calendar month"), "quarter": _("calendar quarter"), "year": _("calendar year")}
_ERRORS = {
    "month": _("Your role sees aggregates only: choose one calendar month (from its first to its last day). "
               "Other periods could be subtracted from one another to single someone out."),
    "quarter": _("Your role sees aggregates only: choose one calendar quarter (January–March, April–June, "
                 "July–September or October–December). Other periods could be subtracted from one another "
                 "to single someone out."),
    "year": _("Your role sees aggregates only: choose one calendar year (1 January to 31 December). Other "
              "periods could be subtracted from one another to single someone out."),
}


def aggregate_kind() -> str:
    """The one granularity aggregate-only roles get in this deployment."""
    kind = getattr(settings, "REINTEGRA_AGGREGATE_PERIOD", DEFAULT_KIND)
    return kind if kind in KINDS else DEFAULT_KIND


def period_error() -> str:
    return str(_ERRORS[aggregate_kind()])


def needs_fixed_periods(user: Any) -> bool:
    roles = set(memberships_with(user, "monitoring.view_dashboard").values_list("role", flat=True))
    if memberships_with(user, "monitoring.view_network").exists():
        return True
    return not roles or not all(role_has(role, "case.view_all") for role in roles)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_kind(start: dt.date, end: dt.date) -> str | None:
    """"month", "quarter" or "year" when [start, end] is exactly one of them, else None."""
    if start.day != 1 or start.year != end.year:
        return None
    if start.month == 1 and end == dt.date(start.year, 12, 31):
        return "year"
    if start.month % 3 == 1 and end == _month_end(start.year, start.month + 2):
        return "quarter"
    if end == _month_end(start.year, start.month):
        return "month"
    return None


def is_allowed(start: dt.date, end: dt.date) -> bool:
    """Whether an aggregate-only role may ask for [start, end] in this deployment."""
    return period_kind(start, end) == aggregate_kind()


def containing(day: dt.date, kind: str | None = None) -> tuple[dt.date, dt.date]:
    """The period of `kind` (default: the deployment's) that contains `day`."""
    kind = kind or aggregate_kind()
    if kind == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if kind == "quarter":
        first = (day.month - 1) // 3 * 3 + 1
        return dt.date(day.year, first, 1), _month_end(day.year, first + 2)
    return day.replace(day=1), _month_end(day.year, day.month)


def for_plan(start: dt.date, end: dt.date, today: dt.date) -> tuple[dt.date, dt.date]:
    """The allowed period a plan's current values are shown for: the one holding the plan's last day,
    or today when the plan runs on past it (and its first day when it has not begun)."""
    return containing(max(start, min(end, today)))


def code(start: dt.date, kind: str | None = None) -> str:
    """"2024", "2024-Q2" or "2024-05" for the period of `kind` starting on `start`."""
    kind = kind or aggregate_kind()
    if kind == "year":
        return f"{start.year}"
    if kind == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def from_code(value: str) -> tuple[dt.date, dt.date] | None:
    """The period a code names, whatever its kind; None for anything else."""
    try:
        if len(value) == 4:
            return containing(dt.date(int(value), 1, 1), "year")
        year, rest = value.split("-")
        if rest.startswith("Q") and rest[1:] in {"1", "2", "3", "4"}:
            return containing(dt.date(int(year), (int(rest[1:]) - 1) * 3 + 1, 1), "quarter")
        if len(rest) == 2:
            return containing(dt.date(int(year), int(rest), 1), "month")
    except ValueError:
        return None
    return None


def label(start: dt.date, kind: str | None = None) -> str:
    kind = kind or aggregate_kind()
    if kind == "month":
        return start.strftime("%Y-%m")
    return code(start, kind).replace("-", " ")


def choices(today: dt.date) -> list[tuple[str, str]]:
    """Every allowed period from the start of YEARS_OFFERED years ago to the current one, newest first."""
    kind = aggregate_kind()
    day, first = containing(today)[0], dt.date(today.year - YEARS_OFFERED + 1, 1, 1)
    options = []
    while day >= first:
        options.append((code(day, kind), label(day, kind)))
        day = containing(day - dt.timedelta(days=1))[0]
    return options
