"""Browser: an employer liaison edits an opportunity and sees the change on its page."""

from __future__ import annotations

import pytest

from reintegra.employment.models import Opportunity
from reintegra.employment.services.employers import opportunity_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_edit_an_opportunity(login_page, live_server, world, employer):
    opportunity = opportunity_create(actor=world.liaison, organization=world.shelter, employer=employer,
                                     title="Sewing machinist", isco_code="7531", admin_area="North")
    page = login_page("liaison")
    page.goto(f"{live_server.url}/employment/opportunities/{opportunity.pk}/edit/")
    page.locator("#id_title").fill("Senior sewing machinist")
    page.locator("#id_openings").fill("4")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Opportunity saved.")
    assert "Senior sewing machinist" in page.content()
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.openings) == ("Senior sewing machinist", 4)
    assert Opportunity.objects.count() == 1
