"""Counting units for the economic-pathway, referral and lifecycle indicators.

The case-based indicators come from one grouped scan of the cases (cube.py). The others count
different things — enrolments, placements, referrals, phase spells — so each is computed from its
own records as a list of *units*: one counted thing, the survivor (case) it belongs to, its group
under every disaggregation, whether it is in the numerator and the values a median is taken over.

Who is counted is decided in one place (`scoped_cases`): the survivor's case is owned by an
organisation in scope (and lies in the area for area-limited scopes). Statistics consent does not
change who is counted in suppressed aggregates (docs/adr/0002-statistics-consent.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models import F, Q, QuerySet

from reintegra.cases.models import Case, ExploitationEpisode
from reintegra.core.models import Organization
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.cube import CHILD_AGE_GROUPS

# Disaggregations every survivor-based unit carries, from the survivor and the case.
PERSON_DIMENSIONS = ("sex", "age_group", "child", "nationality", "migrant", "disability", "area", "organization",
                     "form_of_exploitation", "sector")
# Coarser dimensions: a derived group is hidden when a group of its parent it adds up is hidden.
DERIVED = {"child": "age_group", "migrant": "nationality"}
UNKNOWN = "unknown"


@dataclass(frozen=True)
class Unit:
    person: int                      # the case (one survivor's journey) the unit belongs to
    keys: Mapping[str, str]          # dimension -> group
    hit: bool = False                # in the numerator of a proportion
    value: float | None = None       # what a median is taken over
    facet: str = ""                  # group of the indicator's own breakdown (reason, phase, domain)
    facet_values: Mapping[str, float] = field(default_factory=dict)  # per-facet values (outcome domains)


def scope_q(scope: Scope, prefix: str = "") -> Q:
    """The cases in scope, as a filter on a model that reaches the case through `prefix`."""
    if scope.is_empty:
        return Q(pk__in=[])
    if scope.network:
        return Q()
    q = Q(**{f"{prefix}organization_id__in": list(scope.organization_ids)}) if scope.organization_ids else Q(pk__in=[])
    for org_id, area in scope.areas:
        q |= Q(**{f"{prefix}organization_id": org_id, f"{prefix}admin_area": area})
    return q


def scoped_cases(scope: Scope) -> QuerySet[Case]:
    return Case.objects.filter(scope_q(scope))


def age_group(birth_year: int | None, year: int) -> str:
    if birth_year is None:
        return UNKNOWN
    age = year - birth_year
    for limit, label in ((15, "0-14"), (18, "15-17"), (25, "18-24"), (35, "25-34"), (50, "35-49")):
        if age < limit:
            return label
    return "50+"


def batched(ids: Iterable[int], size: int = 5000) -> Iterator[list[int]]:
    """Id lists for `__in` filters, in slices (SQLite refuses more than 32,766 parameters)."""
    ordered = sorted(set(ids))
    for first in range(0, len(ordered), size):
        yield ordered[first:first + size]


_KEY_CACHE: ContextVar[dict[int, dict[str, str]] | None] = ContextVar("person_key_cache", default=None)


@contextmanager
def shared_person_keys() -> Iterator[None]:
    """Within the block, person_keys reads each case once however many indicators ask for it."""
    token = _KEY_CACHE.set({})
    try:
        yield
    finally:
        _KEY_CACHE.reset(token)


def person_keys(case_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    wanted = set(case_ids)
    cache = _KEY_CACHE.get()
    if cache is None:
        return _person_keys(wanted)
    cache.update(_person_keys(wanted - cache.keys()))
    return {c: cache[c] for c in wanted if c in cache}


def _person_keys(case_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Disaggregation keys of each case: survivor attributes at opening, owner, area, and the form
    and sector of the first recorded exploitation episode (one group per case, so tables add up).
    Migrant status only when every case in the answer belongs to an organisation of one country."""
    keyed = case_key_rows(case_ids)
    single_country = len({country for _org, _area, country, _keys in keyed.values()}) <= 1
    result = {}
    for case_id, (_org, _area, _country, keys) in keyed.items():
        result[case_id] = keys if single_country else {k: v for k, v in keys.items() if k != "migrant"}
    return result


def case_key_rows(case_ids: Iterable[int]) -> dict[int, tuple[int, str, str, dict[str, str]]]:
    """case id -> (organisation id, admin area, organisation's country, every disaggregation key
    including migrant status), read in slices of ids."""
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    rows = [row for chunk in batched(ids) for row in Case.objects.filter(id__in=chunk).values_list(
        "id", "survivor__gender", "survivor__birth_year", "survivor__nationality", "survivor__has_disability",
        "organization_id", "admin_area", "opened_on")]
    orgs = {o.id: o for o in Organization.objects.filter(id__in={r[5] for r in rows}).only("id", "name", "country")}
    episodes: dict[int, tuple[str, str]] = {}
    for chunk in batched(ids):
        for case_id, form, section in (ExploitationEpisode.objects.filter(case_id__in=chunk)
                                       .order_by("case_id", F("started_on").asc(nulls_last=True), "id")
                                       .values_list("case_id", "form", "isic_section")):
            episodes.setdefault(case_id, (form or UNKNOWN, section or UNKNOWN))
    result: dict[int, tuple[int, str, str, dict[str, str]]] = {}
    for case_id, gender, birth_year, nationality, disability, org_id, area, opened_on in rows:
        group = age_group(birth_year, opened_on.year)
        org = orgs.get(org_id)
        if not nationality:
            migrant = UNKNOWN
        else:
            migrant = "migrant" if org is not None and nationality != org.country else "national"
        form, sector = episodes.get(case_id, (UNKNOWN, UNKNOWN))
        result[case_id] = (org_id, area or "", org.country if org else "", {
            "sex": gender or "NonSpecifiedUnknown", "age_group": group,
            "child": UNKNOWN if group == UNKNOWN else ("child" if group in CHILD_AGE_GROUPS else "adult"),
            "nationality": nationality or UNKNOWN, "disability": "yes" if disability else "no",
            "area": area or UNKNOWN, "organization": org.name if org else str(org_id),
            "form_of_exploitation": form, "sector": sector, "migrant": migrant,
        })
    return result


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover
