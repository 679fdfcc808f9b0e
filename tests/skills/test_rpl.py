"""Recognition of prior learning: the stage rules (property-tested) and the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from reintegra.skills import rpl, services

stages = st.sampled_from(rpl.STAGES)
days = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1))


@given(current=stages, new=stages, on=days)
def test_never_goes_back(current, new, on):
    errors = rpl.transition_errors(current=current, dates={}, new_stage=new, on=on, result="partial")
    assert ("stage" in errors) == (rpl.STAGES.index(new) < rpl.STAGES.index(current))


@given(earlier=days, on=days)
def test_a_stage_date_never_precedes_an_earlier_stage(earlier, on):
    errors = rpl.transition_errors(current="identification", dates={"identification": earlier},
                                   new_stage="documentation", on=on)
    assert ("on" in errors) == (on < earlier)


@given(result=st.sampled_from(["", "full", "partial", "none", "maybe"]))
def test_certification_needs_a_result(result):
    errors = rpl.transition_errors(current="assessment", dates={}, new_stage="certification",
                                   on=dt.date(2026, 1, 1), result=result)
    assert ("result" in errors) == (result not in rpl.CERTIFIED_RESULTS)


def test_gap_training_does_not_follow_full_certification():
    blocked = rpl.transition_errors(current="certification", dates={}, new_stage="gap_training",
                                    on=dt.date(2026, 1, 1), previous_result="full")
    allowed = rpl.transition_errors(current="certification", dates={}, new_stage="gap_training",
                                    on=dt.date(2026, 1, 1), previous_result="partial")
    assert "stage" in blocked and allowed == {}


def test_service_walks_the_stages(world):
    day = dt.date(2026, 1, 5)
    record = services.rpl_start(actor=world.counsellor, case=world.case, subject="Sewing", on=day)
    for offset, stage in enumerate(["identification", "documentation", "assessment"], start=1):
        services.rpl_advance(actor=world.counsellor, record=record, stage=stage, on=day + dt.timedelta(days=offset))
    services.rpl_advance(actor=world.counsellor, record=record, stage="certification", on=day + dt.timedelta(days=9),
                         result="partial", assessor="A. Assessor", awarding_body="TVET Authority")
    services.rpl_advance(actor=world.counsellor, record=record, stage="gap_training", on=day + dt.timedelta(days=20),
                         gaps="pattern cutting")
    record.refresh_from_db()
    assert (record.stage, record.result, record.assessor) == ("gap_training", "partial", "A. Assessor")
    assert record.documentation_on == day + dt.timedelta(days=2)
    with pytest.raises(ValidationError):
        services.rpl_advance(actor=world.counsellor, record=record, stage="assessment", on=day)


def test_trainer_cannot_change_skills(world):
    with pytest.raises(PermissionDenied):
        services.rpl_start(actor=world.trainer, case=world.case, subject="Sewing", on=dt.date(2026, 1, 1))
