"""Survivors against community trainees in the same programmes: known answers, suppression, view."""

from __future__ import annotations

import pytest
from django.test import Client

from reintegra.core.models import Role
from reintegra.monitoring.selectors import Scope
from reintegra.monitoring.statistics.comparison import COMMUNITY, SURVIVORS, compare
from reintegra.training.models import Enrolment

from .pathway_fixtures import D, employer, enrol, enrol_community, new_case, place, programme

START, END, AS_OF = D(2024, 1, 1), D(2024, 12, 31), D(2025, 6, 30)
PASSWORD = "correct-horse-battery-9"
S = Enrolment.Status


def survivor(org, prog, status, *, completed=None, dropped=None):
    case = new_case(org)
    e = enrol(case, prog, status=status, completed=completed, dropped=dropped)
    Enrolment.objects.filter(pk=e.pk).update(enrolled_on=D(2024, 2, 1))
    return case


def community(prog, status, *, completed=None, dropped=None):
    e = enrol_community(prog, status=status, completed=completed, dropped=dropped)
    Enrolment.objects.filter(pk=e.pk).update(enrolled_on=D(2024, 2, 1))


@pytest.fixture
def scenario(make_org):
    org = make_org(name="Shelter")
    centre = make_org(name="Centre")
    prog, elsewhere = programme(centre), programme(centre, name="Welding", isco="7212")
    emp = employer(org)
    # Survivors: 13 enrolled; 11 ended: 5 certified, 1 completed, 5 dropped out; 2 still attending.
    for n in range(5):
        case = survivor(org, prog, S.CERTIFIED, completed=D(2024, 6, 1))
        if n < 3:
            place(case, emp, D(2024, 7, 1))
    survivor(org, prog, S.COMPLETED, completed=D(2024, 6, 1))
    for _n in range(5):
        survivor(org, prog, S.DROPPED_OUT, dropped=D(2024, 4, 1))
    for _n in range(2):
        survivor(org, prog, S.ATTENDING)
    # Community trainees: 15 in the same programme; 15 ended: 10 certified, 5 dropped out.
    for _n in range(10):
        community(prog, S.CERTIFIED, completed=D(2024, 6, 1))
    for _n in range(5):
        community(prog, S.DROPPED_OUT, dropped=D(2024, 4, 1))
    for _n in range(7):   # another programme no survivor in scope attends: not compared
        community(elsewhere, S.CERTIFIED, completed=D(2024, 6, 1))
    return org


def test_side_by_side_known_answers_and_suppression(scenario):
    result = compare(Scope(organization_ids=(scenario.pk,)), START, END, AS_OF)
    rows = {r.code: r for r in result.rows}
    assert result.programmes == 1
    assert rows["enrolled"].cells[SURVIVORS].value == 13 and rows["enrolled"].cells[COMMUNITY].value == 15
    completion = rows["completion"].cells
    assert (completion[SURVIVORS].numerator, completion[SURVIVORS].count) == (6, 11)
    assert (completion[COMMUNITY].numerator, completion[COMMUNITY].count) == (10, 15)
    assert rows["certification"].cells[COMMUNITY].value == pytest.approx(10 / 15)
    # 5 certified of 6 completers: publishing both would say that 1 survivor completed without a
    # certificate, so the certified count is hidden with that cell (one outcome table per population).
    assert rows["certification"].cells[SURVIVORS].value is None
    assert rows["certification"].cells[SURVIVORS].count == 11
    assert rows["dropout"].cells[SURVIVORS].numerator == 5
    assert rows["dropout"].cells[COMMUNITY].numerator == 5
    # Placement: 3 of 6 survivors who completed — small, hidden; community placements are not recorded.
    assert rows["placement"].cells[SURVIVORS].value is None
    assert rows["placement"].recorded[COMMUNITY] is False


def test_nothing_in_scope_compares_nothing(scenario, make_org):
    result = compare(Scope(organization_ids=(make_org(name="Empty").pk,)), START, END, AS_OF)
    assert result.programmes == 0 and all(c.value in (0, None) for r in result.rows for c in r.cells.values())


def test_comparison_page_for_roles(scenario, make_member):
    me = make_member(scenario, Role.ME_OFFICER)
    manager = make_member(scenario, Role.CASE_MANAGER)
    client = Client()
    assert client.login(username=me.username, password=PASSWORD)
    page = client.get("/monitoring/comparison/?period=2024-Q1")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Community trainees" in text and "not recorded" in text and "66.7%" in text
    assert 'id="comparison-programmes"' in text and "Tailoring" in text
    assert client.get("/monitoring/comparison/?start=2024-01-05&end=2024-03-31").status_code == 400
    assert client.get("/monitoring/comparison/?start=2024-01-01&end=2024-12-31").status_code == 400
    other = Client()
    assert other.login(username=manager.username, password=PASSWORD)
    assert other.get("/monitoring/comparison/").status_code == 404
    assert Client().get("/monitoring/comparison/").status_code == 302


def test_comparison_api(scenario, make_member):
    me = make_member(scenario, Role.ME_OFFICER)
    client = Client()
    assert client.login(username=me.username, password=PASSWORD)
    data = client.get("/api/v1/monitoring/comparison/?start=2024-01-01&end=2024-03-31").json()
    measures = {m["code"]: m["groups"] for m in data["measures"]}
    assert measures["enrolled"]["survivors"]["value"] == 13 and measures["enrolled"]["community"]["value"] == 15
    assert measures["placement"]["community"] is None
    (tailoring,) = data["by_programme"]
    assert tailoring["programme"] == "Tailoring"
    assert tailoring["measures"]["enrolled"]["community"]["value"] == 15
    assert tailoring["measures"]["dropout"]["survivors"] == {"count": 11, "numerator": 5, "value": 5 / 11}
    assert client.get("/api/v1/monitoring/comparison/?start=2024-01-01&end=2024-02-15").status_code == 400
    manager = make_member(scenario, Role.CASE_MANAGER)
    other = Client()
    assert other.login(username=manager.username, password=PASSWORD)
    assert other.get("/api/v1/monitoring/comparison/").status_code == 404


def test_comparison_export_is_audited_and_escaped(scenario, make_member):
    import csv
    import io

    from reintegra.core.models import AuditEvent
    from reintegra.training.models import Programme

    Programme.objects.filter(name="Tailoring").update(name="=HYPERLINK(1)")
    me = make_member(scenario, Role.ME_OFFICER)
    client = Client()
    assert client.login(username=me.username, password=PASSWORD)
    response = client.get("/monitoring/comparison/export.csv?period=2024-Q1")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    enrolled = [r for r in rows if len(r) == 8 and r[1] == "enrolled"]
    assert ["All", "enrolled", "Enrolments", "Survivors", "13", "", "13", "13"] in enrolled
    assert ["'=HYPERLINK(1)", "enrolled", "Enrolments", "Community trainees", "15", "", "15", "15"] in enrolled
    assert any(r[1] == "placement" and r[3] == "Community trainees" and r[7] == "not recorded" for r in rows)
    event = AuditEvent.objects.get(object_type="monitoring.comparison")
    assert event.detail["format"] == "csv" and event.detail["period"] == "2024-01-01/2024-03-31"
    xlsx = client.get("/monitoring/comparison/export.xlsx?period=2024-Q1")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get("/monitoring/comparison/export.pdf?period=2024-Q1").status_code == 404
