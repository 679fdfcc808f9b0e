"""Programme pages (provider side) and the case's training page."""

from __future__ import annotations

from reintegra.training.models import Enrolment, Programme


def test_provider_pages(world, client):
    client.force_login(world.trainer)
    assert client.post("/training/new/", {"name": "Evening literacy", "kind": "foundational",
                                          "foundational_subject": "literacy", "format": "non_formal",
                                          "delivery": "classroom", "duration_weeks": 20, "schedule": "evenings",
                                          "language": "ne", "cost": "0", "open_to": "community",
                                          "capacity": 25}).status_code == 302
    programme = Programme.objects.get(name="Evening literacy")
    assert "Evening literacy" in client.get("/training/").content.decode()
    assert client.post(f"/training/{programme.pk}/", {"gender": "Masculine", "birth_year": 1990}).status_code == 302
    enrolment = Enrolment.objects.get(programme=programme)
    assert enrolment.community_trainee is not None
    assert client.post(f"/training/enrolments/{enrolment.pk}/attendance/",
                       {"on": enrolment.enrolled_on.isoformat(), "present": "on"}).status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == "attending"
    client.force_login(world.counsellor)  # not provider staff: cannot enrol community trainees or manage the roll
    assert client.post(f"/training/{programme.pk}/", {"gender": "x"}).status_code == 404
    assert client.post(f"/training/enrolments/{enrolment.pk}/status/", {"status": "completed"}).status_code == 404
    assert client.get("/training/new/").status_code == 404


def test_case_page_errors_are_shown(world, programme, client):
    client.force_login(world.counsellor)
    url = f"/training/case/{world.case.pk}/"
    assert client.post(url, {"programme": programme.pk}).status_code == 302
    again = client.post(url, {"programme": programme.pk})
    assert again.status_code == 400 and "already enrolled" in again.content.decode()


def test_provider_adds_intakes(world, programme, client):
    client.force_login(world.trainer)
    url = f"/training/{programme.pk}/"
    bad = client.post(url, {"form": "intake", "starts_on": "2026-09-01", "ends_on": "2026-08-01"})
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()
    assert client.post(url, {"form": "intake", "starts_on": "2026-09-01", "capacity": 15}).status_code == 302
    assert programme.intakes.get().capacity == 15
    client.force_login(world.counsellor)
    assert client.post(url, {"form": "intake", "starts_on": "2026-10-01"}).status_code == 404
