"""Filling NAP indicators from the live M&E indicators of the monitoring app.

An `Indicator` whose `live_indicator_code` names a live monitoring indicator gets a dated value
computed over every active organisation of the plan's country, for the current year to date.
Only the published (small-cell suppressed) figure is used: a suppressed figure records nothing.
Proportions are stored as percentages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.models import Organization
from reintegra.planning.models import Indicator, IndicatorValue


def live_choices() -> list[tuple[str, str]]:
    from reintegra.monitoring.statistics.library import live_indicators

    return [(i.code, str(i.name)) for i in live_indicators()]


def is_live(code: str) -> bool:
    return code in {value for value, _label in live_choices()}


def compute(indicator: Indicator, today: dt.date | None = None) -> Decimal | None:
    """The live value for the plan's country from 1 January to `today`, or None (unknown/suppressed)."""
    from reintegra.monitoring.selectors import Scope
    from reintegra.monitoring.statistics.dashboard import dashboard

    if not is_live(indicator.live_indicator_code):
        return None
    today = today or timezone.localdate()
    org_ids = tuple(Organization.objects.filter(country=indicator.plan.country, is_active=True)
                    .values_list("id", flat=True))
    if not org_ids:
        return None
    board = dashboard(Scope(organization_ids=org_ids), dt.date(today.year, 1, 1), today, as_of=today)
    panel = next((p for p in board.panels if p.indicator.code == indicator.live_indicator_code), None)
    if panel is None or panel.overall.value is None:
        return None
    value = Decimal(str(panel.overall.value))
    if panel.indicator.kind == "proportion":
        value *= 100
    return value.quantize(Decimal("0.01"))


def record(indicator: Indicator, today: dt.date | None = None, actor=None) -> IndicatorValue | None:
    """Store today's live value (replacing one of the same day). No permission check: callers do it."""
    today = today or timezone.localdate()
    value = compute(indicator, today)
    if value is None:
        return None
    row, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, measured_on=today,
        defaults={"value": value, "recorded_by": actor,
                  "note": _("Live M&E indicator %(code)s, %(country)s, year to date") % {
                      "code": indicator.live_indicator_code, "country": indicator.plan.country}})
    return row
