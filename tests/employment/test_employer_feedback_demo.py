"""The demo generators for employer feedback and the mentor register: bulk rows in proportion,
consistent with the rules the services enforce, and visible to the indicators."""

from __future__ import annotations

import datetime as dt

from reintegra.employment import demo, demo_feedback
from reintegra.employment.models import EmployerFeedback, Mentor, SupportSession
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics import people_ind

from .test_demo import _ctx, _world


def test_feedback_and_mentors_are_generated(world, make_org, make_case):
    cases = _world(world, make_org, make_case, 40)
    ctx = _ctx(world, cases, "small")
    demo.populate(ctx)  # ends with demo_feedback.populate
    feedback = list(EmployerFeedback.objects.select_related("placement"))
    assert feedback
    assert all(1 <= f.rating <= 5 and f.given_on <= ctx.today for f in feedback)
    assert all(f.placement is None or (f.placement.employer_id == f.employer_id
                                       and f.given_on >= f.placement.started_on
                                       and f.organization_id == f.placement.organization_id) for f in feedback)
    assert Mentor.objects.filter(organization=world.shelter).count() == demo_feedback.demo_mentors.PER_ORGANISATION
    sessions = SupportSession.objects.filter(registered_mentor__isnull=False).select_related("registered_mentor")
    assert sessions.count() >= len(cases) // demo_feedback.demo_mentors.CASES_MENTORED
    assert all(s.registered_mentor.organization_id == s.organization_id for s in sessions)
    scope = Scope(network=True)
    start, end = ctx.today - dt.timedelta(days=5 * 365), ctx.today
    assert people_ind.mentors_trained(scope, start, end, end)
    assert len(people_ind.employer_feedback(scope, start, end, end)) == len(feedback)
