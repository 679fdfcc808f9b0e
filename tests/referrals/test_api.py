"""Referral API: the same workflow as the pages, errors as 4xx with messages."""

from __future__ import annotations

from rest_framework.test import APIClient

from reintegra.referrals.models import Status
from tests.conftest import PASSWORD
from tests.referrals.conftest import give_consent


def api(user):
    client = APIClient()
    client.login(username=user.username, password=PASSWORD)
    return client


def test_api_workflow(network):
    sender, recipient = api(network.manager), api(network.provider_staff)
    payload = {"case": network.case.pk, "recipient": network.provider_org.pk, "service": str(network.service.pk),
               "reason": "Tailoring", "sections": ["summary"], "urgency": "urgent"}
    created = sender.post("/api/v1/referrals/", payload, format="json")
    assert created.status_code == 201, created.content
    rid = created.json()["id"]
    refused = sender.post(f"/api/v1/referrals/{rid}/send/")
    assert refused.status_code == 403 and "consent" in refused.json()["detail"]
    give_consent(network.case, network.manager, network.provider_org)
    assert sender.post(f"/api/v1/referrals/{rid}/send/").json()["status"] == Status.SENT
    listed = recipient.get("/api/v1/referrals/").json()
    assert [r["id"] for r in listed["results"]] == [rid] and listed["results"][0]["do_not_contact"] is True
    shared = recipient.get(f"/api/v1/referrals/{rid}/shared-case/").json()
    assert set(shared["sections"]) == {"summary"} and shared["do_not_contact"] is True
    assert recipient.post(f"/api/v1/referrals/{rid}/accept/").json()["status"] == Status.ACCEPTED
    bad = recipient.post(f"/api/v1/referrals/{rid}/complete/", {"outcome": "great"}, format="json")
    assert bad.status_code == 400 and "outcome" in bad.json()
    done = recipient.post(f"/api/v1/referrals/{rid}/complete/", {"outcome": "employed"}, format="json").json()
    assert done["status"] == Status.COMPLETED and done["outcome"] == "employed"
    again = recipient.post(f"/api/v1/referrals/{rid}/accept/")
    assert again.status_code == 400
    # The recipient cannot act for the sender: forbidden looks like missing.
    assert recipient.post(f"/api/v1/referrals/{rid}/cancel/", {"reason": "x"}, format="json").status_code == 404


def test_api_rejects_bad_input_without_500(network):
    sender = api(network.manager)
    for payload in ({}, {"case": "x"}, {"case": network.case.pk, "recipient": network.provider_org.pk,
                                        "reason": "r", "sections": ["nonsense"]},
                    {"case": 999999, "recipient": network.provider_org.pk, "reason": "r", "sections": ["summary"]}):
        response = sender.post("/api/v1/referrals/", payload, format="json")
        assert 400 <= response.status_code < 500, (payload, response.status_code)
