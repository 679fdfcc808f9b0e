"""Random bodies sent to every lifecycle endpoint get a 2xx or a 4xx, never a 5xx."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

ENDPOINTS = [("post", "screenings/"), ("post", "item-status/"), ("put", "identification/"), ("post", "exploitation/"),
             ("post", "consents/"), ("post", "shares/"), ("put", "protection/"), ("post", "needs-assessments/"),
             ("post", "outcomes/"), ("put", "plan/"), ("post", "plan/goals/"), ("post", "plan/actions/"),
             ("post", "follow-ups/"), ("post", "phase/"), ("post", "close/"), ("post", "reopen/")]
FIELDS = ["age", "indicators", "identified_by", "identified_on", "form", "isic_division", "country", "purpose",
          "given", "shared_with", "sections", "is_migrant", "reflection_starts_on", "dimensions", "checklist",
          "needs", "timepoint", "safety", "objectives", "language", "area", "description", "goal", "method",
          "wellbeing", "phase", "reason", "note", "started_on", "methods_of_control", "monthly_income"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
                    st.sampled_from(["2024-01-01", "2999-12-31", "services", "sharing", "REC-I1", "C", "23",
                                     "intake", "training", "phone", "post_exit", "goals_met", "immediate"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(FIELDS + ["level", "1"]),
                                                                       inner, max_size=3)), max_leaves=6)
bodies = st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)


@pytest.mark.parametrize("method, suffix", ENDPOINTS)
def test_no_server_errors(method, suffix, case, case_manager, give_consent):
    give_consent(case, "services")
    client = APIClient()
    client.force_authenticate(case_manager)
    url = f"/api/v1/cases/{case.pk}/{suffix}"

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies)
    def run(body):
        response = getattr(client, method)(url, body, format="json")
        assert response.status_code < 500, (body, response.content[:300])

    run()


SECTION_FIELDS = FIELDS + ["stage_recruitment", "stage_child", "presume_minor", "immediate", "dim_skills",
                           "check_1", "override_reason", "do_not_contact", "age_uncertain", "team",
                           "case_manager", "agreed_by_survivor", "agreed_on", "done_on", "employment_status"]
form_values = st.one_of(st.text(max_size=10), st.sampled_from(["on", "yes", "no", "1", "2024-02-30", "REC-I3",
                                                               "services", "sharing", "priority", "met"]),
                        st.lists(st.sampled_from(["REC-I3", "plan", "1", "x"]), max_size=3))
form_bodies = st.dictionaries(st.sampled_from(SECTION_FIELDS), form_values, max_size=8)


def test_section_pages_never_fail_on_odd_input(client, case, case_manager, give_consent):
    from reintegra.cases.views.sections import SECTIONS

    give_consent(case, "services")
    client.force_login(case_manager)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(section=st.sampled_from(sorted(SECTIONS)), body=form_bodies)
    def run(section, body):
        response = client.post(f"/cases/{case.pk}/{section}/", body)
        assert response.status_code in (200, 302, 400, 404), (section, body, response.status_code)

    run()
