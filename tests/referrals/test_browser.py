"""Browser flow: a case manager refers a case, the provider accepts and completes it with an
outcome, and the M&E officer sees it in provider outcome tracking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reintegra.core.models import Role
from reintegra.referrals.models import Referral, Status
from tests.referrals.conftest import give_consent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_refer_accept_complete_and_see_outcomes(network, login_page, live_server, make_member):
    give_consent(network.case, network.manager, network.provider_org)
    make_member(network.shelter, Role.ME_OFFICER, username="mande")
    now = timezone.now()
    # Four earlier completed referrals, so that the provider's row is above the suppression threshold.
    Referral.objects.bulk_create([Referral(
        organization=network.shelter, case=network.case, recipient=network.provider_org, service=network.service,
        reason="earlier", shared_sections=["summary"], status=Status.COMPLETED, outcome="training_completed",
        response_due=dt.date.today(), sent_at=now - dt.timedelta(days=2), responded_at=now - dt.timedelta(days=1),
        closed_at=now) for _ in range(4)])

    page = login_page("cm")
    page.goto(f"{live_server.url}/referrals/new/{network.case.pk}/?service={network.service.pk}")
    page.get_by_label("Refer to").select_option(label="Skills Centre")
    page.get_by_label("What the person needs from this provider").fill("Tailoring course with childcare")
    page.get_by_label("Urgency").select_option("priority")
    page.get_by_label("Summary and phase").check()
    page.get_by_role("button", name="Save referral").click()
    page.wait_for_selector("#referral-status")
    assert page.locator("#referral-status").inner_text() == "Sent"
    referral = Referral.objects.exclude(status=Status.COMPLETED).get()  # reason is encrypted: no SQL filter on it
    assert referral.service == network.service and referral.urgency == "priority"

    page.context.clear_cookies()
    page = login_page("intake")
    page.goto(f"{live_server.url}/referrals/")
    page.get_by_role("link", name=f"R-{referral.pk}").click()
    assert page.get_by_text("Do not contact.").is_visible()
    assert page.get_by_role("heading", name="Shared case sections").is_visible()
    assert "Maya" not in page.content()  # contact section was not shared
    page.get_by_role("button", name="Accept").click()
    page.wait_for_selector("#referral-status >> text=Accepted")
    page.get_by_label("Outcome").select_option("training_completed")
    page.get_by_label("Note").fill("Certificate level 1")
    page.get_by_role("button", name="Complete with outcome").click()
    page.wait_for_selector("#referral-status >> text=Completed")
    assert "Training completed" in page.locator("#referral-outcome").inner_text()

    page.context.clear_cookies()
    page = login_page("mande")
    page.goto(f"{live_server.url}/referrals/outcomes/")
    row = page.locator("#outcomes tbody tr", has_text="Skills Centre")
    cells = row.locator("td").all_inner_texts()
    assert cells[1] == "5"  # received
    assert cells[3] == "100%"  # acceptance rate
    assert cells[5] == "5" and cells[8] == "5"  # completed, training completed
