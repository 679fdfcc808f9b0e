"""Role × action × scope over every core Role, for the recipient's answers (decline, start,
complete), finding a case and matching it, and notifications.

Scopes: `own` — the organisation the action belongs to (the recipient for answers; the owner,
on the case team, for find and match); `other` — the same role in an unrelated organisation;
`out_of_area` — the right organisation, but a membership limited to an area other than the case's.
Forbidden looks like missing (404), and nothing changes.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from reintegra.core.models import Role
from reintegra.referrals.models import Notification, Status
from reintegra.referrals.services import referral_accept, referral_create, referral_decline, referral_send
from tests.conftest import PASSWORD

from .conftest import give_consent

pytestmark = pytest.mark.django_db

# The specification, written by hand (not read from the permission files).
RESPONDERS = {Role.CASE_MANAGER, Role.COUNSELLOR, Role.TRAINER, Role.EMPLOYER_LIAISON, Role.SUPERVISOR}
MATCHERS = {Role.CASE_MANAGER, Role.COUNSELLOR, Role.SUPERVISOR}
CASE_TEAM_ROLES = {Role.CASE_MANAGER, Role.COUNSELLOR, Role.TRAINER, Role.EMPLOYER_LIAISON, Role.SUPERVISOR}
SCOPES = ["own", "other", "out_of_area"]
ROLES = list(Role)

# answer -> (status the referral must be in first, status after, form data)
ANSWERS = {
    "decline": (Status.SENT, Status.DECLINED, {"reason": "No places this term"}),
    "start": (Status.ACCEPTED, Status.IN_PROGRESS, {}),
    "complete": (Status.IN_PROGRESS, Status.COMPLETED, {"outcome": "achieved", "note": "Finished"}),
}


def _member(network, make_member, role, scope, home):
    if scope == "other":
        return make_member(network.other, role, username="actor")
    return make_member(home, role, username="actor", area_scope="South" if scope == "out_of_area" else "")


def _login(user):
    client = APIClient()
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def referral_in(network, sent_referral):
    """The sent referral moved to the status an answer needs (directly: the path there is tested elsewhere)."""
    def move(status):
        sent_referral.status = status
        sent_referral.save(update_fields=["status"])
        return sent_referral
    return move


# --- Recipient answers ----------------------------------------------------------------------------

@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("answer", list(ANSWERS))
def test_recipient_answers(network, referral_in, make_member, answer, role, scope, channel):
    before, after, data = ANSWERS[answer]
    referral = referral_in(before)
    user = _member(network, make_member, role, scope, network.provider_org)
    client = _login(user)
    if channel == "page":
        response = client.post(f"/referrals/{referral.pk}/{answer}/", data)
    else:
        response = client.post(f"/api/v1/referrals/{referral.pk}/{answer}/", data, format="json")
    referral.refresh_from_db()
    allowed = role in RESPONDERS and scope == "own"
    if allowed:
        assert response.status_code == (302 if channel == "page" else 200)
        assert referral.status == after
    else:
        assert response.status_code == 404
        assert referral.status == before


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("answer", list(ANSWERS))
def test_the_referring_side_cannot_answer_its_own_referral(network, referral_in, make_member, answer, role):
    before, _after, data = ANSWERS[answer]
    referral = referral_in(before)
    user = make_member(network.shelter, role, username="actor")
    network.case.team.add(user)
    response = _login(user).post(f"/referrals/{referral.pk}/{answer}/", data)
    referral.refresh_from_db()
    assert referral.status == before
    assert response.status_code in {302, 404}  # the sender sees its referral, but the answer is refused


def test_recipient_answers_need_the_membership_to_be_current(network, referral_in, make_member):
    referral = referral_in(Status.SENT)
    user = make_member(network.provider_org, Role.CASE_MANAGER, username="actor", expired=True)
    assert _login(user).post(f"/referrals/{referral.pk}/decline/", {"reason": "x"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == Status.SENT


def test_an_area_limited_recipient_sees_referrals_of_its_own_area(network, sent_referral, make_member):
    user = make_member(network.provider_org, Role.CASE_MANAGER, username="actor", area_scope="North")
    assert _login(user).get(f"/referrals/{sent_referral.pk}/").status_code == 200
    response = _login(user).post(f"/referrals/{sent_referral.pk}/decline/", {"reason": "No places"})
    sent_referral.refresh_from_db()
    assert response.status_code == 302 and sent_referral.status == Status.DECLINED


def test_the_service_itself_refuses_an_area_limited_recipient_outside_its_area(network, sent_referral,
                                                                              make_member):
    """Not only the pages and the API: a direct service call applies the area scope too."""
    from django.http import Http404

    user = make_member(network.provider_org, Role.CASE_MANAGER, username="actor", area_scope="South")
    with pytest.raises(Http404):
        referral_decline(actor=user, referral=sent_referral, reason="No places")
    with pytest.raises(Http404):
        referral_accept(actor=user, referral=sent_referral)
    sent_referral.refresh_from_db()
    assert sent_referral.status == Status.SENT


# --- Find and match -------------------------------------------------------------------------------

def _owner_side_member(network, make_member, role, scope):
    user = _member(network, make_member, role, scope, network.shelter)
    if scope == "own":
        network.case.team.add(user)
    return user


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_match(network, make_member, role, scope):
    user = _owner_side_member(network, make_member, role, scope)
    response = _login(user).get(f"/referrals/match/{network.case.pk}/")
    allowed = role in MATCHERS and scope == "own"
    assert response.status_code == (200 if allowed else 404)
    if allowed:
        assert "Tailoring course" in response.content.decode()


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role", ROLES)
def test_find_by_code(network, make_member, role, scope):
    user = _owner_side_member(network, make_member, role, scope)
    response = _login(user).get("/referrals/find/", {"code": network.case.survivor.code, "next": "match"})
    assert response.status_code == 302
    found = role in CASE_TEAM_ROLES and scope == "own"
    expected = f"/referrals/match/{network.case.pk}/" if found else "/referrals/"
    assert response["Location"] == expected


def test_find_refuses_anything_but_a_code(network):
    response = _login(network.manager).get("/referrals/find/", {"code": "Maya Tamang", "next": "match"})
    assert response["Location"] == "/referrals/"


def test_matching_needs_the_permission_in_the_case_organisation(network, make_member):
    """A trainer on the case team who can match in another organisation may not match this case."""
    user = make_member(network.shelter, Role.TRAINER, username="actor")
    network.case.team.add(user)
    make_member(network.other, Role.CASE_MANAGER, user=user)
    assert _login(user).get(f"/referrals/match/{network.case.pk}/").status_code == 404


def test_referral_form_needs_the_permission_in_the_case_organisation(network, make_member):
    user = make_member(network.shelter, Role.TRAINER, username="actor")
    network.case.team.add(user)
    make_member(network.other, Role.CASE_MANAGER, user=user)
    assert _login(user).get(f"/referrals/new/{network.case.pk}/").status_code == 404


# --- Notifications ----------------------------------------------------------------------------------

def _send(network):
    give_consent(network.case, network.manager, network.provider_org)
    referral = referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                               service=network.service, reason="Wants to learn tailoring", sections=["summary"])
    return referral_send(actor=network.manager, referral=referral)


@pytest.mark.parametrize("scope", SCOPES + ["expired"])
@pytest.mark.parametrize("role", ROLES)
def test_sending_notifies_the_recipients_responders(network, make_member, role, scope, request):
    if scope == "expired":
        user = make_member(network.provider_org, role, username="actor", expired=True)
    else:
        user = _member(network, make_member, role, scope, network.provider_org)
    referral = _send(network)
    notified = Notification.objects.filter(user=user).exists()
    assert notified is (role in RESPONDERS and scope == "own")
    page = _login(user).get("/referrals/notifications/").content.decode()
    assert (f"R-{referral.pk}" in page) is notified


def test_notifications_never_name_the_survivor(network, make_member):
    referral = _send(network)
    referral_accept(actor=network.provider_staff, referral=referral)
    texts = " ".join(Notification.objects.values_list("message", flat=True))
    survivor = network.case.survivor
    assert texts and survivor.code not in texts
    for part in (survivor.given_name, survivor.family_name):
        assert part not in texts


@pytest.mark.parametrize("role", ROLES)
def test_answers_notify_only_the_referring_case_manager(network, make_member, role):
    colleague = make_member(network.shelter, role, username="colleague")
    network.case.team.add(colleague)
    referral = _send(network)
    referral_decline(actor=network.provider_staff, referral=referral, reason="No places")
    told = set(Notification.objects.filter(organization=network.shelter).values_list("user__username", flat=True))
    assert told == {"cm"}


def test_each_user_sees_only_their_own_notifications(network, make_member):
    referral = _send(network)
    assert f"R-{referral.pk}" in _login(network.provider_staff).get("/referrals/notifications/").content.decode()
    outsider = make_member(network.other, Role.CASE_MANAGER, username="outsider")
    assert f"R-{referral.pk}" not in _login(outsider).get("/referrals/notifications/").content.decode()
