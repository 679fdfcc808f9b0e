"""Consent is enforced by the services themselves, not only by the UI."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.cases import services
from reintegra.cases.models import CaseShare
from reintegra.core.models import AuditEvent
from reintegra.people.consent import ConsentRequired, consent_in_force, consent_overview
from reintegra.people.consent import survivors_with_statistics_consent as stats_ids
from reintegra.people.models import Consent

pytestmark = pytest.mark.django_db

NEEDS = {"dimensions": {"skills": {"level": "priority", "note": "tailoring"}}, "checklist": {"1": True}}


def test_needs_assessment_is_refused_without_consent_to_services(case, case_manager, give_consent):
    with pytest.raises(ConsentRequired):
        services.needs_assessment_record(actor=case_manager, case=case, **NEEDS)
    give_consent(case, "services")
    assessment = services.needs_assessment_record(actor=case_manager, case=case, **NEEDS)
    assert assessment.dimensions["skills"]["level"] == "priority"
    give_consent(case, "services", given=False)
    with pytest.raises(ConsentRequired):
        services.needs_assessment_record(actor=case_manager, case=case, **NEEDS)


def test_plan_is_refused_without_consent_to_services(case, case_manager, give_consent):
    with pytest.raises(ConsentRequired):
        services.plan_save(actor=case_manager, case=case, objectives="Own tailoring shop")
    give_consent(case, "services")
    plan = services.plan_save(actor=case_manager, case=case, objectives="Own tailoring shop",
                              agreed_by_survivor=True)
    assert plan.agreed_on is not None


def test_share_needs_consent_for_that_organisation(case, case_manager, give_consent, partner_org, make_org):
    with pytest.raises(ConsentRequired):
        services.case_share(actor=case_manager, case=case, shared_with=partner_org, sections=["plan"],
                            purpose="training enrolment")
    give_consent(case, "sharing", shared_with=make_org(name="Someone else"))
    with pytest.raises(ConsentRequired):
        services.case_share(actor=case_manager, case=case, shared_with=partner_org, sections=["plan"],
                            purpose="training enrolment")
    assert not CaseShare.objects.exists()
    give_consent(case, "sharing", shared_with=partner_org)
    share = services.case_share(actor=case_manager, case=case, shared_with=partner_org,
                                sections=["plan", "needs"], purpose="training enrolment")
    assert share.is_active and share.sections == ["needs", "plan"]


def test_withdrawing_consent_ends_active_shares(case, case_manager, give_consent, partner_org):
    give_consent(case, "sharing", shared_with=partner_org)
    share = services.case_share(actor=case_manager, case=case, shared_with=partner_org, sections=["plan"],
                                purpose="training")
    give_consent(case, "sharing", given=False, shared_with=partner_org)
    share.refresh_from_db()
    assert share.ended_on is not None and "withdrawn" in share.ended_reason
    assert not consent_in_force(survivor=case.survivor, purpose="sharing", shared_with=partner_org)


def test_override_needs_supervisor_and_written_reason(case, case_manager, supervisor, partner_org):
    reason = "Court order 12/2026 requires the plan to be shared"
    with pytest.raises(PermissionDenied):
        services.case_share(actor=case_manager, case=case, shared_with=partner_org, sections=["plan"],
                            purpose="court", override_reason=reason)
    with pytest.raises(ValidationError):
        services.case_share(actor=supervisor, case=case, shared_with=partner_org, sections=["plan"],
                            purpose="court", override_reason="because")
    share = services.case_share(actor=supervisor, case=case, shared_with=partner_org, sections=["plan"],
                                purpose="court", override_reason=reason)
    assert share.consent_override_reason == reason
    event = AuditEvent.objects.filter(object_type="cases.caseshare", object_id=str(share.pk)).get()
    assert event.action == AuditEvent.Action.BREAK_GLASS and reason not in event.reason + str(event.detail)
    assert event.referenced_reason == reason  # the audit entry points to the (encrypted) share, ADR 0003


def test_consent_overview_shows_decision_in_force_per_purpose(case, give_consent, partner_org):
    give_consent(case, "statistics", given=True)
    give_consent(case, "statistics", given=False)
    give_consent(case, "sharing", shared_with=partner_org)
    current = {(c.purpose, c.shared_with_id): c.given for c in consent_overview(survivor=case.survivor)}
    assert current == {("statistics", None): False, ("sharing", partner_org.pk): True}
    assert Consent.objects.count() == 3
    assert case.survivor not in stats_ids()
    give_consent(case, "statistics", given=True)
    assert case.survivor in stats_ids()


def test_sharing_consent_must_name_an_organisation(case, give_consent):
    with pytest.raises(ValidationError):
        give_consent(case, "sharing", shared_with=None)


def test_consent_cannot_be_recorded_by_a_trainer(case, make_member, org):
    from reintegra.core.models import Role

    trainer = make_member(org, Role.TRAINER)
    case.team.add(trainer)
    with pytest.raises(PermissionDenied):
        services.case_consent_record(actor=trainer, case=case, purpose="services", given=True)
