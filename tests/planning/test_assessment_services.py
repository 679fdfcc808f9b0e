import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from reintegra.core.models import AuditEvent, Role
from reintegra.planning import selectors, services
from reintegra.planning.models import ActionPoint, AnswerChoice, AssessmentScope, ChecklistAnswer


def test_answer_is_recorded_and_audited(assessment, supervisor):
    row = services.answer_record(actor=supervisor, assessment=assessment, item_id="3a.1", answer="yes",
                                 comment="Monthly meeting with the labour inspectorate", owner="Director")
    assert ChecklistAnswer.objects.get(pk=row.pk).answer == "yes"
    event = AuditEvent.objects.filter(object_type="planning.checklistanswer").latest("id")
    assert event.detail["item"] == "3a.1" and event.actor == supervisor
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3a.1", answer="no")
    assert ChecklistAnswer.objects.filter(assessment=assessment).count() == 1
    assert AuditEvent.objects.filter(object_type="planning.checklistanswer").latest("id").detail["before"] == {
        "answer": "yes", "owner": "Director"}


@pytest.mark.parametrize(("item_id", "answer", "field"), [("3z.1", "yes", "item_id"), ("3a.8", "yes", "item_id"),
                                                          ("3a.1", "maybe", "answer")])
def test_bad_answers_are_refused(assessment, supervisor, item_id, answer, field):
    with pytest.raises(ValidationError) as error:
        services.answer_record(actor=supervisor, assessment=assessment, item_id=item_id, answer=answer)
    assert field in error.value.message_dict
    assert not ChecklistAnswer.objects.exists()


def test_duplicate_period_and_reversed_dates_are_refused(assessment, supervisor, org):
    with pytest.raises(ValidationError):
        services.assessment_create(actor=supervisor, organization=org, period_label="again",
                                   period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30))
    with pytest.raises(ValidationError):
        services.assessment_create(actor=supervisor, organization=org, period_label="bad",
                                   period_start=dt.date(2027, 6, 1), period_end=dt.date(2027, 1, 1))


def test_network_scope_needs_a_coordinator(supervisor, org, coordinator, secretariat):
    with pytest.raises(Http404):
        services.assessment_create(actor=supervisor, organization=org, period_label="2026", scope="network",
                                   period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 12, 31))
    network = services.assessment_create(actor=coordinator, organization=secretariat, period_label="2026",
                                         scope=AssessmentScope.NETWORK, period_start=dt.date(2026, 1, 1),
                                         period_end=dt.date(2026, 12, 31))
    assert network.scope == "network"


def test_reader_cannot_answer(assessment, make_member, org):
    case_manager = make_member(org, Role.CASE_MANAGER)
    assert selectors.assessment_get(user=case_manager, assessment_id=assessment.pk) == assessment
    with pytest.raises(PermissionDenied):
        services.answer_record(actor=case_manager, assessment=assessment, item_id="3a.1", answer="yes")


def test_action_points_for_no_and_unanswered_only(assessment, supervisor):
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3a.1", answer="yes")
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3a.2", answer="partly")
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3a.3", answer="not_applicable")
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3a.4", answer="no", owner="Ana")
    created = services.action_points_generate(actor=supervisor, assessment=assessment,
                                              due_on=dt.date(2026, 9, 30), default_owner="Programme team")
    ids = {a.item_id for a in created}
    assert len(created) == 88 - 3
    assert {"3a.1", "3a.2", "3a.3"}.isdisjoint(ids) and {"3a.4", "3a.5", "3h.4"} <= ids
    by_item = {a.item_id: a for a in created}
    assert by_item["3a.4"].owner == "Ana" and by_item["3a.5"].owner == "Programme team"
    assert by_item["3a.4"].due_on == dt.date(2026, 9, 30)
    assert "answered no" in by_item["3a.4"].description
    # Running again creates nothing new.
    assert services.action_points_generate(actor=supervisor, assessment=assessment) == []
    assert ActionPoint.objects.count() == 85


def test_action_point_update(assessment, supervisor):
    [first, *_rest] = services.action_points_generate(actor=supervisor, assessment=assessment)
    services.action_point_update(actor=supervisor, action_point=first, owner="Lead", due_on=dt.date(2026, 5, 1),
                                 status="done")
    first.refresh_from_db()
    assert (first.owner, first.status) == ("Lead", "done")
    with pytest.raises(ValidationError):
        services.action_point_update(actor=supervisor, action_point=first, owner="", due_on=None, status="closed")


def test_progress_over_periods(assessment, supervisor, org):
    later = services.assessment_create(actor=supervisor, organization=org, period_label="2027",
                                       period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 12, 31))
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3e.1", answer="no")
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3e.2", answer="partly")
    services.answer_record(actor=supervisor, assessment=later, item_id="3e.1", answer="yes")
    services.answer_record(actor=supervisor, assessment=later, item_id="3e.2", answer="yes")
    services.answer_record(actor=supervisor, assessment=later, item_id="3h.1", answer=AnswerChoice.NOT_APPLICABLE)
    history = selectors.progress_over_periods(user=supervisor, assessment=later)
    assert [h["assessment"].period_label for h in history] == ["2026", "2027"]
    assert history[0]["sections"]["3e"]["score"] == 0.25
    assert history[1]["sections"]["3e"]["score"] == 1.0
    assert history[1]["sections"]["3h"] == {"items": 4, "answered": 1, "score": None}
    assert history[1]["overall"] == 1.0
