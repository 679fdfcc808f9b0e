"""Tracer study on a hand-built cohort with known answers."""

from __future__ import annotations

from reintegra.cases.models import Case
from reintegra.core.models import Role
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.tracer import cohort_waves

from .fixtures import D, add_cases, add_follow_ups


def test_cohort_over_waves(make_org, make_member, client):
    org = make_org(name="A", country="NP")
    add_cases(org, 12, opened=D(2023, 1, 1))                       # still open
    add_cases(org, 8, opened=D(2023, 1, 1), closed=D(2023, 10, 1))  # closed after 9 months
    add_cases(org, 3, opened=D(2026, 1, 1))                        # outside the cohort
    cohort = list(Case.objects.filter(opened_on=D(2023, 1, 1), closed_on__isnull=True).order_by("id"))
    for case in cohort[:10]:  # contact near 6 months; near 12 months 6 of them in work
        add_follow_ups(case, (D(2023, 7, 10), "not_working", None, "", None, None))
    for n, case in enumerate(cohort):
        add_follow_ups(case, (D(2024, 1, 20), "wage_employed" if n < 6 else "not_working", None, "", None, None))
    rows, hidden = cohort_waves(Scope(organization_ids=(org.pk,)), D(2023, 1, 1), D(2023, 3, 31), D(2025, 2, 1))
    by_wave = {row["months"]: row for row in rows}
    assert [by_wave[m]["reached"] for m in (6, 12, 24, 36, 60)] == [20, 20, 20, 0, 0]
    assert by_wave[6]["in_contact"] == 20 and by_wave[12]["in_contact"] == 12
    assert by_wave[12]["share"] == 12 / 20
    assert by_wave[6]["reported"] == 10 and by_wave[6]["in_work"] == 0
    assert by_wave[12]["reported"] == 12 and by_wave[12]["in_work"] == 6 and by_wave[12]["work_share"] == 0.5
    assert hidden == 0

    make_member(org, Role.ME_OFFICER, username="tracer-me")
    client.login(username="tracer-me", password="correct-horse-battery-9")
    page = client.get("/monitoring/tracer/?cohort_start=2023-01-01&cohort_end=2023-03-31")
    assert page.status_code == 200 and b"Share in work" in page.content
