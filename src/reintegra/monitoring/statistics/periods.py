"""Fixed reporting periods for aggregate-only roles.

Two suppressed dashboards over overlapping free ranges (1 Jan–31 Mar and 2 Jan–31 Mar) differ by
one day's cases: subtracting them can isolate a person. People who only ever see aggregates (M&E
officers, network coordinators) therefore choose a calendar month, quarter or year; the check is
made on the server for the dashboard, its exports and the API. Roles that can already read every
case of their organisation (supervisors) keep free ranges: differencing tells them nothing new.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from reintegra.core.permissions import memberships_with, role_has

FIXED_PERIOD_ERROR = _("Choose a calendar month, quarter or year: the period must start on the first day and "
                       "end on the last day of the same month, quarter or year.")


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


def is_fixed(start: dt.date, end: dt.date) -> bool:
    return period_kind(start, end) is not None


def year_of(day: dt.date) -> tuple[dt.date, dt.date]:
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def covering(start: dt.date, end: dt.date) -> tuple[dt.date, dt.date]:
    """The smallest single calendar period containing [start, end] (the end's year if it spans years)."""
    if start.year != end.year:
        return year_of(end)
    for first in (start.replace(day=1), dt.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)):
        for candidate in ((first, _month_end(first.year, first.month)),
                          (first, _month_end(first.year, min(first.month + 2, 12)))):
            if is_fixed(*candidate) and candidate[0] <= start and end <= candidate[1]:
                return candidate
    return year_of(end)
