"""Referral lifecycle, consent on the server, the recipient's view, notifications, transfers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from reintegra.cases.selectors import cases_visible_to
from reintegra.core.models import AuditEvent
from reintegra.referrals import selectors, services, transfers
from reintegra.referrals.models import Notification, ReferralEvent, Status
from tests.referrals.conftest import give_consent


def test_full_lifecycle_is_recorded_and_audited(network, sent_referral, django_capture_on_commit_callbacks):
    referral = sent_referral
    services.referral_accept(actor=network.provider_staff, referral=referral)
    services.referral_start(actor=network.provider_staff, referral=referral)
    services.referral_complete(actor=network.provider_staff, referral=referral, outcome="training_completed",
                               note="Certificate level 1")
    referral.refresh_from_db()
    assert referral.status == Status.COMPLETED and referral.outcome == "training_completed"
    steps = list(ReferralEvent.objects.filter(referral=referral).values_list("from_status", "to_status"))
    assert steps == [("", "draft"), ("draft", "sent"), ("sent", "accepted"), ("accepted", "in_progress"),
                     ("in_progress", "completed")]
    audited = AuditEvent.objects.filter(object_type="referrals.referral", object_id=str(referral.pk))
    assert audited.count() == 5


def test_send_refused_without_consent_and_nothing_changes(network):
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["summary"])
    with pytest.raises(PermissionDenied):
        services.referral_send(actor=network.manager, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Status.DRAFT
    assert not Notification.objects.exists()


def test_consent_for_another_organisation_does_not_count(network):
    give_consent(network.case, network.manager, network.other)
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["summary"])
    with pytest.raises(PermissionDenied):
        services.referral_send(actor=network.manager, referral=referral)


def test_recipient_sees_exactly_the_shared_sections_while_active(network, sent_referral):
    view = selectors.referred_case_view(user=network.provider_staff, referral_id=sent_referral.pk)
    assert set(view.sections) == {"summary", "needs"}
    assert "contact" not in view.sections
    assert view.do_not_contact is True
    assert view.survivor_code == network.case.survivor.code
    # The recipient never gains the case itself.
    assert not cases_visible_to(user=network.provider_staff).filter(pk=network.case.pk).exists()


def test_contact_section_hides_phone_when_do_not_contact(network):
    give_consent(network.case, network.manager, network.provider_org)
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["contact"])
    services.referral_send(actor=network.manager, referral=referral)
    services.referral_accept(actor=network.provider_staff, referral=referral)
    view = selectors.referred_case_view(user=network.provider_staff, referral_id=referral.pk)
    assert view.sections["contact"]["name"] == "Maya Tamang"
    assert "phone" not in view.sections["contact"]


@pytest.mark.parametrize("ending", ["decline", "cancel", "withdraw_consent", "expire"])
def test_recipient_sees_nothing_once_the_referral_ends(network, sent_referral, ending):
    if ending == "decline":
        services.referral_decline(actor=network.provider_staff, referral=sent_referral, reason="Course full")
    elif ending == "cancel":
        services.referral_cancel(actor=network.manager, referral=sent_referral, reason="Moved away")
    elif ending == "withdraw_consent":
        give_consent(network.case, network.manager, network.provider_org, given=False)
    else:
        assert services.referrals_expire(today=sent_referral.response_due + dt.timedelta(days=1)) == 1
    with pytest.raises(Http404):
        selectors.referred_case_view(user=network.provider_staff, referral_id=sent_referral.pk)


def test_completed_referral_visible_only_during_grace_period(network, sent_referral):
    services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    services.referral_complete(actor=network.provider_staff, referral=sent_referral, outcome="achieved")
    assert selectors.referred_case_view(user=network.provider_staff, referral_id=sent_referral.pk).sections
    sent_referral.closed_at = timezone.now() - dt.timedelta(days=selectors.GRACE_DAYS + 1)
    sent_referral.save(update_fields=["closed_at"])
    with pytest.raises(Http404):
        selectors.referred_case_view(user=network.provider_staff, referral_id=sent_referral.pk)


def test_draft_is_invisible_to_the_recipient(network):
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["summary"])
    with pytest.raises(Http404):
        selectors.referral_get(user=network.provider_staff, referral_id=referral.pk)
    with pytest.raises(Http404):
        services.referral_accept(actor=network.provider_staff, referral=referral)


def test_transitions_outside_the_lifecycle_are_refused(network, sent_referral):
    services.referral_decline(actor=network.provider_staff, referral=sent_referral, reason="Full")
    with pytest.raises(ValidationError):
        services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=network.provider_staff, referral=sent_referral, reason="")


def test_notifications_and_email_carry_no_identity(network, django_capture_on_commit_callbacks):
    give_consent(network.case, network.manager, network.provider_org)
    referral = services.referral_create(actor=network.manager, case=network.case, recipient=network.provider_org,
                                        reason="Training", sections=["summary"])
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_send(actor=network.manager, referral=referral)
    notice = Notification.objects.get(user=network.provider_staff)
    assert f"R-{referral.pk}" in notice.message
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["intake@example.org"]
    survivor = network.case.survivor
    for text in (notice.message, mail.outbox[0].subject, mail.outbox[0].body):
        for secret in (survivor.given_name, survivor.family_name, survivor.code, survivor.phone):
            assert secret not in text


def test_feedback_can_be_anonymous(network, sent_referral):
    with pytest.raises(ValidationError):
        services.feedback_record(actor=network.manager, referral=sent_referral, rating=4)
    services.referral_accept(actor=network.provider_staff, referral=sent_referral)
    feedback = services.feedback_record(actor=network.manager, referral=sent_referral, rating=4, comment="kind staff")
    assert feedback.anonymous and feedback.recorded_by is None
    with pytest.raises(ValidationError):
        services.feedback_record(actor=network.manager, referral=sent_referral, rating=9)
    with pytest.raises(Http404):
        services.feedback_record(actor=network.provider_staff, referral=sent_referral, rating=5)


def test_create_validates_input(network):
    base = dict(actor=network.manager, case=network.case, reason="x", sections=["summary"])
    with pytest.raises(ValidationError):
        services.referral_create(**{**base, "recipient": network.shelter})
    with pytest.raises(ValidationError):
        services.referral_create(**{**base, "recipient": network.provider_org, "sections": ["diary"]})
    with pytest.raises(ValidationError):
        services.referral_create(**{**base, "recipient": network.other, "service": network.service})
    with pytest.raises(Http404):
        services.referral_create(**{**base, "actor": network.provider_staff, "recipient": network.other})


def test_transfer_needs_acceptance_and_moves_the_case(network):
    with pytest.raises(PermissionDenied):
        transfers.transfer_request(actor=network.manager, case=network.case, to_organization=network.provider_org,
                                   reason="Moving")
    with pytest.raises(PermissionDenied):  # supervisor, but no consent yet
        transfers.transfer_request(actor=network.supervisor, case=network.case,
                                   to_organization=network.provider_org, reason="Moving")
    give_consent(network.case, network.manager, network.provider_org)
    from reintegra.core.models import Role

    receiving = network.provider_staff
    from reintegra.core.models import Membership

    Membership.objects.create(user=receiving, organization=network.provider_org, role=Role.SUPERVISOR)
    transfer = transfers.transfer_request(actor=network.supervisor, case=network.case,
                                          to_organization=network.provider_org, reason="She moved to the city")
    network.case.refresh_from_db()
    assert network.case.organization_id == network.shelter.pk  # nothing changes before acceptance
    with pytest.raises(Http404):
        transfers.transfer_accept(actor=network.manager, transfer_id=transfer.pk)
    transfers.transfer_accept(actor=receiving, transfer_id=transfer.pk)
    network.case.refresh_from_db()
    assert network.case.organization_id == network.provider_org.pk
    assert network.case.case_manager == receiving
    assert not cases_visible_to(user=network.manager).filter(pk=network.case.pk).exists()
    assert cases_visible_to(user=receiving).filter(pk=network.case.pk).exists()


def test_find_case_by_code_starts_a_referral(network, client):
    from tests.conftest import PASSWORD

    client.login(username="cm", password=PASSWORD)
    code = network.case.survivor.code
    response = client.get(f"/referrals/find/?code={code.lower()}&next=match")
    assert response.status_code == 302 and response["Location"] == f"/referrals/match/{network.case.pk}/"
    assert client.get("/referrals/find/?code=S-NONE-XXXX").status_code == 302
    client.login(username="intake", password=PASSWORD)  # the provider cannot find the shelter's case
    assert client.get(f"/referrals/find/?code={code}")["Location"] == "/referrals/"
