"""Indicators about the people around the survivor: employers' satisfaction and trained mentors
and coaches (guidelines 3h: "how satisfied are employers or other partners?", "are enough
coaches/mentors/trainers trained and engaged?"). Same contract as the other unit functions
(scope, start, end, as_of) -> list[Unit]; see units.py.

Decisions recorded here and in indicators.yaml:
- Employer feedback about a survivor's placement is one unit of that survivor (the case), with the
  survivor's keys plus provider (the organisation that placed them) and trade, as retention.
- Feedback about the partnership as a whole has no survivor: its unit belongs to the employer
  (person = -employer id, so one employer's many responses count as one respondent towards the
  suppression threshold) and every survivor dimension reads PARTNERSHIP. It is counted only for
  organisation-wide and network scopes: it has no area.
- The comment is never read here (only date, rating, placement and organisation).
- Mentors are not cases: a unit is one registered mentor or coach (person = mentor id), broken down
  by organisation, with the kind (mentor/coach) as facet. The `active` flag is today's state, so the
  period's activity is read from the sessions instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Q

from reintegra.employment.models import SATISFIED_FROM, EmployerFeedback, Mentor, SupportSession
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.units import PERSON_DIMENSIONS, UNKNOWN, Unit, person_keys, scope_q

PARTNERSHIP = "partnership"  # the group of feedback that is about no survivor
MENTORING_KINDS = (SupportSession.Kind.MENTORING, SupportSession.Kind.COACHING)


def organisation_scope_q(scope: Scope, prefix: str = "") -> Q:
    """Records that belong to an organisation but to no area: whole organisations in scope only."""
    if scope.is_empty:
        return Q(pk__in=[])
    if scope.network:
        return Q()
    return Q(**{f"{prefix}organization_id__in": list(scope.organization_ids)})


def employer_feedback(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per employer feedback given in the period; ratings of SATISFIED_FROM (4) or more are
    the numerator."""
    return placement_feedback(scope, start, end, as_of) + partnership_feedback(scope, start, end, as_of)


def placement_feedback(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """Feedback about a survivor's placement (the unit facts hold these: unit_sources.employer_feedback)."""
    about_placements = list(EmployerFeedback.objects.filter(
        scope_q(scope, "placement__case__"), given_on__gte=start, given_on__lte=end, placement__isnull=False
    ).values_list("placement__case_id", "rating", "placement__organization__name", "placement__isco_code"))
    keys = person_keys(row[0] for row in about_placements)
    return [Unit(person=case_id, keys={**keys[case_id], "provider": provider, "trade": isco or UNKNOWN},
                 hit=rating >= SATISFIED_FROM, facet="placement")
            for case_id, rating, provider, isco in about_placements if case_id in keys]


def partnership_feedback(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """Feedback about the partnership as a whole: one unit of the employer (no survivor)."""
    units = []
    for employer_id, rating, organisation in EmployerFeedback.objects.filter(
            organisation_scope_q(scope), given_on__gte=start, given_on__lte=end, placement__isnull=True
    ).values_list("employer_id", "rating", "organization__name"):
        group = {dim: PARTNERSHIP for dim in PERSON_DIMENSIONS}
        group.update(organization=organisation, provider=organisation, trade=PARTNERSHIP)
        units.append(Unit(person=-employer_id, keys=group, hit=rating >= SATISFIED_FROM, facet=PARTNERSHIP))
    return units


def _mentor_unit(mentor_id: int, organisation: str, kind: str, sessions: int | None = None) -> Unit:
    return Unit(person=mentor_id, keys={"organization": organisation, "provider": organisation}, hit=True,
                value=float(sessions) if sessions is not None else None, facet=kind)


def mentors_trained_active(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per registered mentor or coach trained by the end of the period who held at least one
    mentoring or coaching session in the period with a survivor in scope; the value is how many
    such sessions they held."""
    sessions = Counter(SupportSession.objects.filter(
        scope_q(scope, "case__"), held_on__gte=start, held_on__lte=end, kind__in=MENTORING_KINDS,
        registered_mentor__trained_on__lte=end).values_list("registered_mentor_id", flat=True))
    mentors = Mentor.objects.filter(pk__in=list(sessions)).values_list("id", "organization__name", "kind")
    return [_mentor_unit(pk, organisation, kind, sessions[pk]) for pk, organisation, kind in mentors]


def mentors_trained(scope: Scope, start: dt.date, end: dt.date, as_of: dt.date) -> list[Unit]:
    """One unit per registered mentor or coach whose training was completed in the period, in an
    organisation in scope (the register has no area: organisation-wide and network scopes only)."""
    return [_mentor_unit(pk, organisation, kind) for pk, organisation, kind in Mentor.objects.filter(
        organisation_scope_q(scope), trained_on__gte=start, trained_on__lte=end).values_list(
        "id", "organization__name", "kind")]
