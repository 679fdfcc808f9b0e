import datetime as dt

import pytest

from reintegra.core.models import AuditEvent


@pytest.fixture
def api(client, coordinator):
    client.force_login(coordinator)

    def call(method, url, data=None):
        response = getattr(client, method)(f"/api/v1/planning/{url}", data, content_type="application/json")
        return response.status_code, (response.json() if response.content else None)
    return call


def test_checklist_items_and_legal_references(api):
    status, items = api("get", "checklist-items/")
    assert status == 200 and len(items) == 88
    backed = {i["id"] for i in items if i["evidence_backed"]}
    assert backed == {"3a.7", "3b.1.1", "3b.1.4", "3b.2.8", "3b.2.12", "3b.2.13", "3e.1", "3f.1.1", "3g.1.1", "3g.1.2",
                      "3h.1", "3h.2",
                      *[f"3c.{n}" for n in range(1, 11)]}
    status, refs = api("get", "legal-references/")
    assert status == 200 and len(refs) == 54


def test_assessment_flow(api, secretariat):
    status, body = api("post", "assessments/", {"organization": secretariat.pk, "period_label": "2026",
                                               "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert status == 201, body
    pk = body["id"]
    status, body = api("post", f"assessments/{pk}/answers/", {"item_id": "3b.1.4", "answer": "yes", "owner": "Li"})
    assert status == 200 and body["answer"] == "yes"
    status, body = api("post", f"assessments/{pk}/answers/", {"item_id": "9z.1", "answer": "yes"})
    assert status == 400 and "item_id" in body
    status, proposals = api("get", f"assessments/{pk}/proposals/")
    employer = next(p for p in proposals if p["item_id"] == "3b.1.4")
    assert employer == {**employer, "proposed_answer": "no", "human_answer": "yes", "disagrees": True}
    status, created = api("post", f"assessments/{pk}/generate-action-points/", {"due_on": "2026-12-01"})
    assert status == 201 and len(created) == 87
    status, body = api("patch", f"action-points/{created[0]['id']}/", {"status": "in_progress", "owner": "Mo"})
    assert status == 200 and (body["status"], body["owner"]) == ("in_progress", "Mo")
    status, body = api("patch", f"action-points/{created[0]['id']}/", {"status": "finished"})
    assert status == 400


def test_plan_flow(api, secretariat, make_org):
    partner = make_org(name="Ministry")
    status, plan = api("post", "plans/", {"organization": secretariat.pk, "title": "NAP", "country": "np",
                                          "period_start": "2026-01-01", "period_end": "2030-12-31",
                                          "long_term_goal": "No forced labour", "goal_year": 2030})
    assert status == 201 and plan["country"] == "NP"
    pk = plan["id"]
    assert api("post", f"plans/{pk}/principles/", {"template_code": "victim_centred"})[0] == 201
    status, objective = api("post", f"plans/{pk}/objectives/", {"pillar": "protection", "title": "Recovery",
                                                                "legal_refs": ["R203-9(c)"]})
    assert status == 201
    status, body = api("post", f"plans/{pk}/objectives/", {"pillar": "protection", "title": "X",
                                                           "legal_refs": ["R203-99"]})
    assert status == 400 and "legal_refs" in body
    status, output = api("post", f"plans/{pk}/outputs/", {"objective": objective["id"], "title": "Clinics"})
    assert status == 201
    status, activity = api("post", f"plans/{pk}/activities/", {
        "output": output["id"], "title": "Open clinic", "partners": [partner.pk], "budget": "100.00",
        "currency": "USD", "start_on": "2026-01-01", "end_on": "2026-02-01"})
    assert status == 201, activity
    status, indicator = api("post", f"plans/{pk}/indicators/", {"name": "Clinics open", "objective": objective["id"],
                                                                "baseline_value": "0", "target_value": "4"})
    assert status == 201
    assert api("post", f"plans/{pk}/indicators/{indicator['id']}/values/",
               {"measured_on": "2026-03-01", "value": "1"})[0] == 201
    status, body = api("post", f"plans/{pk}/activities/{activity['id']}/progress/", {"status": "done"})
    assert status == 200 and body["tracking"] == "done"
    status, board = api("get", f"plans/{pk}/dashboard/")
    assert board["by_pillar"]["protection"]["done"] == 1
    assert board["indicators"][0]["progress"] == 0.25
    assert board["partners"][0]["name"] == "Ministry"
    status, body = api("get", f"plans/{pk}/")
    assert body["principles"][0]["template_code"] == "victim_centred"
    assert body["objectives"][0]["outputs"][0]["activities"][0]["partners"] == [partner.pk]


def test_views_export_and_audit(client, coordinator, plan, secretariat):
    client.force_login(coordinator)
    response = client.get(f"/planning/plans/{plan.pk}/report.xlsx?year=2026")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert AuditEvent.objects.filter(action="export", object_type="planning.nationalactionplan").exists()
    assert client.get(f"/planning/plans/{plan.pk}/report.xlsx?year=abc").status_code == 400
    assert client.get(f"/planning/plans/{plan.pk}/report.doc?year=2026").status_code == 404
    assert client.get(f"/planning/plans/{plan.pk}/dashboard/").status_code == 200


def test_assessment_pages(client, supervisor, assessment):
    client.force_login(supervisor)
    url = f"/planning/assessments/{assessment.pk}/"
    assert client.get("/planning/assessments/").status_code == 200
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and html.count('id="item-') == 88 and "Answer section 3a" in html
    assert client.get(f"{url}sections/3z/").status_code == 404
    response = client.post(f"{url}sections/3a/", {"3a.1-answer": "perhaps"})
    assert response.status_code == 200 and not assessment.answers.exists()
    client.post(f"{url}sections/3a/", {"3a.1-answer": "no", "3a.1-owner": "Ana"})
    client.post(f"{url}actions/", {"due_on": "2026-09-01"})
    action = assessment.action_points.get(item_id="3a.1")
    assert action.owner == "Ana" and action.due_on == dt.date(2026, 9, 1)
    response = client.post(f"/planning/actions/{action.pk}/", {"description": "Agree a protocol", "owner": "Ana",
                                                               "due_on": "2026-10-01", "status": "done"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    pdf = client.get(f"{url}export.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_plan_status_page_and_api(client, coordinator, plan, make_member, secretariat):
    client.force_login(coordinator)
    assert client.post(f"/planning/plans/{plan.pk}/status/", {"status": "adopted"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "adopted"
    response = client.post(f"/api/v1/planning/plans/{plan.pk}/status/", {"status": "closed"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert client.post(f"/api/v1/planning/plans/{plan.pk}/status/", {"status": "gone"},
                       content_type="application/json").status_code == 400
    client.force_login(make_member(secretariat, "me_officer"))
    assert client.post(f"/planning/plans/{plan.pk}/status/", {"status": "draft"}).status_code == 403
    plan.refresh_from_db()
    assert plan.status == "closed"
