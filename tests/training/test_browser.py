"""Browser flow: a trainer edits a programme of their organisation from its page."""

from __future__ import annotations

import pytest

from reintegra.training.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_trainer_edits_a_programme(login_page, live_server, world, programme):
    page = login_page("trainer")
    page.goto(f"{live_server.url}/training/{programme.pk}/")
    page.locator("#edit-programme").click()
    page.get_by_label("Name").fill("Tailoring and pattern cutting")
    page.get_by_label("Schedule").select_option("evenings")
    page.get_by_label("Places per intake").fill("0")
    page.get_by_role("button", name="Save programme").click()
    page.wait_for_selector("text=A programme has at least one place.")
    assert Programme.objects.get(pk=programme.pk).name == "Tailoring"  # nothing saved
    page.get_by_label("Places per intake").fill("18")
    page.get_by_role("button", name="Save programme").click()
    page.wait_for_selector("text=Programme saved.")
    assert page.locator("h1").inner_text() == "Tailoring and pattern cutting"
    programme.refresh_from_db()
    assert (programme.name, programme.schedule, programme.capacity) == ("Tailoring and pattern cutting",
                                                                        "evenings", 18)
