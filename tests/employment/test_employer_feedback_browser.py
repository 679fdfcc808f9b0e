"""Browser: an employer liaison records an employer's feedback about a placement; an organisation
admin registers a trained mentor, whom the liaison then picks for a session on the case page."""

from __future__ import annotations

import pytest

from reintegra.core.models import Role
from reintegra.employment.models import EmployerFeedback, Mentor, SupportSession
from reintegra.employment.services.placements import placement_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_feedback_and_mentor_register(login_page, live_server, world, employer, make_member):
    placement = placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Machinist",
                                 started_on=world.today.replace(day=1))
    make_member(world.shelter, Role.ORG_ADMIN, username="orgadmin")

    page = login_page("liaison")
    page.goto(f"{live_server.url}/employment/employers/{employer.pk}/")
    page.get_by_role("link", name="Employer feedback").click()
    page.wait_for_selector("text=No feedback from this employer yet.")
    page.locator("#id_placement").select_option(str(placement.pk))
    page.locator("#id_given_on").fill(world.today.isoformat())
    page.get_by_label("4 — Satisfied").check()
    page.locator("#id_comment").fill("Punctual, learns fast")
    page.get_by_role("button", name="Record feedback").click()
    page.wait_for_selector("text=Employer feedback recorded.")
    row = page.locator("#employer-feedback tbody tr")
    assert world.case.survivor.code in row.inner_text() and "Punctual, learns fast" in row.inner_text()
    feedback = EmployerFeedback.objects.get()
    assert (feedback.placement_id, feedback.rating, feedback.organization_id) == (placement.pk, 4, world.shelter.pk)

    page.context.clear_cookies()
    page = login_page("orgadmin")
    page.goto(f"{live_server.url}/employment/mentors/")
    page.wait_for_selector("text=No mentor or coach registered yet.")
    page.locator("#id_name").fill("Peer Asha")
    page.locator("#id_kind").select_option("mentor")
    page.locator("#id_peer_survivor").check()
    page.locator("#id_trained_on").fill(world.today.isoformat())
    page.locator("#id_training").fill("Three-day mentoring course")
    page.get_by_role("button", name="Register").click()
    page.wait_for_selector("text=Mentor or coach registered.")
    assert "Peer Asha" in page.locator("#mentors").inner_text()
    mentor = Mentor.objects.get()
    assert mentor.peer_survivor and mentor.trained_on == world.today

    page.context.clear_cookies()
    page = login_page("liaison")
    page.goto(f"{live_server.url}/employment/case/{world.case.pk}/")
    page.locator("#sess-h ~ details summary").click()
    page.locator("#session_kind").select_option("mentoring")
    page.locator("#session_held_on").fill(world.today.isoformat())
    page.locator("#session_registered_mentor").select_option(str(mentor.pk))
    page.locator("#sess-h ~ details").get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Saved.")
    assert SupportSession.objects.get(case=world.case).registered_mentor_id == mentor.pk
