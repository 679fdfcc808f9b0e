"""The indicator library: documented definitions (data/indicators.yaml) and which are live.

An indicator is live when a computation is registered for its code in `computations.py`; the
others are listed as pending together with the records they need, never estimated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from reintegra.core.reference import load_yaml

KINDS = {"count": _("Count"), "proportion": _("Proportion"), "median": _("Median")}

# The dimension names of indicators.yaml, marked for the translation catalogue; dimensions()
# translates them when it is called, so the dashboard, its forms and the library label them alike.
DIMENSION_NAMES = (
    gettext_noop("Sex / gender"), gettext_noop("Age group at opening"), gettext_noop("Child or adult at opening"),
    gettext_noop("Nationality"), gettext_noop("Migrant status"), gettext_noop("Disability"), gettext_noop("Area"),
    gettext_noop("Organisation"), gettext_noop("Form of exploitation"), gettext_noop("Sector of exploitation"),
    gettext_noop("Provider"), gettext_noop("Programme"), gettext_noop("Trade"),
    gettext_noop("Follow-up wave (months since opening)"), gettext_noop("Reintegration phase"),
)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    kind: str
    description: str
    numerator: str
    population: str
    period: str
    guidance: str
    denominator: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)
    live: bool = False
    unit: str = ""
    disaggregations: tuple[str, ...] = ()  # dimension codes the indicator is broken down by
    not_disaggregated_by: tuple[tuple[str, str], ...] = ()  # (dimension code, why not)


@dataclass(frozen=True)
class Dimension:
    code: str
    name: str
    source: str
    live: bool


@cache
def _document() -> dict:
    return load_yaml("reintegra.monitoring", "indicators.yaml")


def indicators() -> list[Indicator]:
    from reintegra.monitoring.statistics.computations import COMPUTATIONS, unit_computations
    from reintegra.monitoring.statistics.cost import COST_INDICATORS

    live = set(COMPUTATIONS) | set(unit_computations()) | set(COST_INDICATORS)
    return [Indicator(code=d["code"], name=d["name"], kind=d["kind"], description=d["description"],
                      numerator=d["numerator"], denominator=d.get("denominator", ""),
                      population=d["population"], period=d["period"], guidance=d["guidance"],
                      sources=tuple(d.get("sources", [])), live=d["code"] in live,
                      unit=d.get("unit", ""), disaggregations=tuple(d.get("disaggregations") or ()),
                      not_disaggregated_by=tuple((d.get("not_disaggregated_by") or {}).items()))
            for d in _document()["indicators"]]


def indicator(code: str) -> Indicator | None:
    return next((i for i in indicators() if i.code == code), None)


def live_indicators() -> list[Indicator]:
    return [i for i in indicators() if i.live]


def dimensions() -> list[Dimension]:
    return [Dimension(code=d["code"], name=gettext(d["name"]), source=d["source"], live=not d.get("pending", False))
            for d in _document()["dimensions"]]


def live_dimensions() -> list[Dimension]:
    return [d for d in dimensions() if d.live]


def indicator_choices() -> list[tuple[str, str]]:
    return [(i.code, i.name if i.live else f"{i.name} ({_('pending data')})") for i in indicators()]


def dimension_choices() -> list[tuple[str, str]]:
    return [(d.code, d.name) for d in dimensions()]
