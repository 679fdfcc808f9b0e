"""API: the pathway from suggestion to retention check, errors as JSON, scoping of lists."""

from __future__ import annotations

from reintegra.employment.services.placements import placement_create


def test_api_pathway(world, programme, employer, client):
    client.force_login(world.counsellor)
    suggestions = client.post("/api/v1/skills/suggest/", {"text": "خياطة"}, content_type="application/json").json()
    assert suggestions[0]["code"] == "7531"
    assert client.post("/api/v1/skills/suggest/", {"text": " "}, content_type="application/json").status_code == 400
    assert client.post(f"/api/v1/skills/{world.case.pk}/confirm/", {"kind": "occupation", "code": "7531"},
                       content_type="application/json").status_code == 201
    bad = client.post(f"/api/v1/skills/{world.case.pk}/confirm/", {"kind": "occupation", "code": "99"},
                      content_type="application/json")
    assert bad.status_code == 400 and "code" in bad.json()
    profile = client.get(f"/api/v1/skills/{world.case.pk}/").json()
    assert profile["coded_items"][0]["label"].startswith("Tailors")
    enrolment = client.post("/api/v1/enrolments/", {"case": world.case.pk, "programme": programme.pk},
                            content_type="application/json")
    assert enrolment.status_code == 201
    status = client.post(f"/api/v1/enrolments/{enrolment.json()['id']}/status/", {"status": "certified"},
                         content_type="application/json")
    assert status.status_code == 400 and "certificate" in status.json()
    client.force_login(world.liaison)
    placement = client.post("/api/v1/placements/", {"case": world.case.pk, "employer": employer.pk, "kind": "wage",
                                                     "job_title": "Tailor", "started_on": "2026-01-05"},
                            content_type="application/json")
    assert placement.status_code == 201, placement.content
    assert [c["month"] for c in placement.json()["retention_checks"]] == [1, 3, 6, 12]
    check = client.post(f"/api/v1/placements/{placement.json()['id']}/retention/1/",
                        {"done_on": "2026-02-06", "still_employed": True}, content_type="application/json")
    assert check.status_code == 200 and check.json()["still_employed"] is True
    matches = client.get(f"/api/v1/matches/{world.case.pk}/")
    assert matches.status_code == 200


def test_lists_are_scoped(world, employer, make_member, client):
    from reintegra.core.models import Role

    placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Tailor",
                     started_on=world.today)
    outsider = make_member(world.other, Role.SUPERVISOR)
    client.force_login(outsider)
    assert client.get("/api/v1/placements/").json()["count"] == 0
    assert client.get("/api/v1/employers/").json()["count"] == 1  # the roster is shared, no survivor data
    client.force_login(world.liaison)
    assert client.get("/api/v1/placements/").json()["count"] == 1
