"""Live indicator computations and disaggregation keys, registered by indicator code.

Each computation reads one aggregate row of the cube (see cube.py) and returns its numerator and
denominator contribution. `base` names the count a proportion's denominator equals, so tables
that publish the same number hide or show it consistently (see dashboard.py).

To make a pending indicator live, add its computation here together with a test on hand-built
records with a known answer; the library then lists it as live.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reintegra.monitoring.statistics.cube import CHILD_AGE_GROUPS, CubeRow


@dataclass(frozen=True)
class Computation:
    kind: str  # count | proportion | median
    base: str  # cube measure the denominator (or the count) equals
    numerator: Callable[[CubeRow], int] | None = None
    # The numerator is one row of this dimension's breakdown of `base` (so its overall value must
    # be shown or hidden as that row is), and breaking the indicator down by a dimension that
    # determines the numerator would publish structural zeros: those are skipped.
    defined_by: tuple[str, str] | None = None
    not_by: tuple[str, ...] = ()
    source: str = "cube"  # "cube" (cases) or "followups" (cases.FollowUp, see followups.py)


def _opened_if(predicate: Callable[[CubeRow], bool]) -> Callable[[CubeRow], int]:
    return lambda row: row.opened if predicate(row) else 0


def child(row: CubeRow) -> str:
    if row.age_group == "unknown":
        return "unknown"
    return "child" if row.age_group in CHILD_AGE_GROUPS else "adult"


def migrant(row: CubeRow, countries: dict[int, str]) -> str:
    if not row.nationality:
        return "unknown"
    return "migrant" if row.nationality != countries.get(row.organization_id, "") else "national"


COMPUTATIONS: dict[str, Computation] = {
    "cases_opened": Computation("count", "opened"),
    "caseload_active": Computation("count", "active"),
    "cases_closed": Computation("count", "closed"),
    "engaged_12m": Computation("proportion", "engaged_den", lambda row: row.engaged_num),
    "days_to_closure": Computation("median", "closed"),
    "child_share": Computation("proportion", "opened", _opened_if(lambda row: child(row) == "child"),
                               defined_by=("child", "child"), not_by=("child", "age_group")),
    "disability_share": Computation("proportion", "opened", _opened_if(lambda row: row.disability),
                                    defined_by=("disability", "yes"), not_by=("disability",)),
    # migrant_share needs the organisations' countries; numerator_for binds them.
    "migrant_share": Computation("proportion", "opened", defined_by=("migrant", "migrant"),
                                 not_by=("migrant", "nationality")),
    "in_work_latest": Computation("proportion", "employment_reported", source="followups"),
    "income_change": Computation("median", "income_change_n", source="followups"),
    "debt_change": Computation("median", "debt_change_n", source="followups"),
}


# Dimensions that are coarsenings of another: a derived group is hidden whenever one of the groups
# it adds up is hidden in the parent breakdown, so summing cannot undo the parent's suppression.
DERIVED = {"child": ("age_group", child)}


def dimension_keys(countries: dict[int, str], org_names: dict[int, str]) -> dict[str, Callable[[CubeRow], str]]:
    return {
        "sex": lambda row: row.gender or "NonSpecifiedUnknown",
        "age_group": lambda row: row.age_group,
        "child": child,
        "nationality": lambda row: row.nationality or "unknown",
        "migrant": lambda row: migrant(row, countries),
        "disability": lambda row: "yes" if row.disability else "no",
        "area": lambda row: row.area or "unknown",
        "organization": lambda row: org_names.get(row.organization_id, str(row.organization_id)),
        "form_of_exploitation": lambda row: row.form_of_exploitation,
        "sector": lambda row: row.sector,
    }


def numerator_for(code: str, countries: dict[int, str]) -> Callable[[CubeRow], int]:
    if code == "migrant_share":
        return _opened_if(lambda row: migrant(row, countries) == "migrant")
    computation = COMPUTATIONS[code]
    if computation.numerator is not None:
        return computation.numerator
    return lambda row: getattr(row, computation.base)


# --- Indicators counted from their own records (enrolments, placements, referrals, phases, ...). ---
# They do not go through the cube: each returns counting units (statistics/units.py), published by
# statistics/publish.py with the same suppression rules. Registered here so the library lists them
# as live; COMPUTATIONS above stays the cube's interface.


@dataclass(frozen=True)
class UnitComputation:
    kind: str  # count | proportion | median
    base: str  # indicators with the same base count the same units and share suppression decisions
    units: Callable[..., list]  # (scope, start, end, as_of) -> list[Unit]
    dimensions: tuple[str, ...]
    # Breakdown of the indicator itself: "buckets" (counts of units per value bucket), "reasons"
    # (numerator units per reason, rare reasons pooled), "facets" (units per facet), "domains"
    # (median of each facet value, over the same units).
    distribution: str = ""


def _unit_computations() -> dict[str, UnitComputation]:
    from reintegra.monitoring.statistics import lifecycle, pathway, people_ind, referrals_ind
    from reintegra.monitoring.statistics.units import PERSON_DIMENSIONS as P

    training = (*P, "provider", "programme", "trade")
    work = (*P, "provider", "trade")
    return {
        "training_to_decent_work_days": UnitComputation("median", "graduates_in_decent_work",
                                                        pathway.training_to_decent_work, training, "buckets"),
        "retention_3m": UnitComputation("proportion", "retention_3m", pathway.retention(3), work),
        "retention_6m": UnitComputation("proportion", "retention_6m", pathway.retention(6), work),
        "retention_12m": UnitComputation("proportion", "retention_12m", pathway.retention(12), work),
        "dropout_rate": UnitComputation("proportion", "enrolments_ended", pathway.dropout, training, "reasons"),
        "decent_work_by_wave": UnitComputation("proportion", "follow_up_waves", pathway.decent_work_by_wave,
                                               ("wave", *P)),
        "viable_enterprises_12m": UnitComputation("proportion", "enterprises_12m", pathway.viable_enterprises, work),
        "apprenticeships": UnitComputation("count", "apprentices", pathway.apprenticeships, work, "facets"),
        "referral_acceptance": UnitComputation("proportion", "referrals_answered", referrals_ind.referrals_answered,
                                               (*P, "provider")),
        "referral_response_days": UnitComputation("median", "referrals_answered", referrals_ind.referrals_answered,
                                                  (*P, "provider")),
        "referral_completion": UnitComputation("proportion", "referrals_closed_accepted",
                                               referrals_ind.referrals_closed_after_acceptance, (*P, "provider")),
        "phase_duration": UnitComputation("median", "phase_spells", lifecycle.phase_spells, ("phase", *P)),
        "outcome_change": UnitComputation("median", "outcome_pairs", lifecycle.outcome_changes, P, "domains"),
        "beneficiary_satisfaction": UnitComputation("proportion", "feedback", referrals_ind.beneficiary_feedback,
                                                    (*P, "provider")),
        "employer_satisfaction": UnitComputation("proportion", "employer_feedback", people_ind.employer_feedback,
                                                 (*P, "provider", "trade")),
        "mentors_active": UnitComputation("count", "mentors_trained_active", people_ind.mentors_trained_active,
                                          ("organization",), "facets"),
        "mentors_trained": UnitComputation("count", "mentors_trained", people_ind.mentors_trained, ("organization",),
                                           "facets"),
    }


UNIT_COMPUTATIONS: dict[str, UnitComputation] = {}


def unit_computations() -> dict[str, UnitComputation]:
    if not UNIT_COMPUTATIONS:
        UNIT_COMPUTATIONS.update(_unit_computations())
    return UNIT_COMPUTATIONS
