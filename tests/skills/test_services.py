"""Skills profile, confirmation of codes, guidance goals and the 3d checklist."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reintegra.core.models import AuditEvent
from reintegra.skills import coding, services
from reintegra.skills.models import CodedItem, GuidanceChecklistAnswer


def test_profile_and_confirmed_codes(world):
    profile = services.profile_save(actor=world.counsellor, case=world.case, literacy="basic", languages="ne,en",
                                    work_experience="sewing in a garment workshop")
    assert profile.organization_id == world.shelter.pk
    item = services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="occupation", code="7531",
                                       source_text="tailor")
    assert item.label == "Tailors, dressmakers, furriers and hatters"
    assert AuditEvent.objects.filter(object_type="skills.codeditem", object_id=str(item.pk)).exists()


def test_skill_codes_come_from_esco(world):
    uri = coding.skill_labels()[0].code
    item = services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="skill", code=uri)
    assert item.label == coding.skill_labels()[0].display
    with pytest.raises(ValidationError):
        services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="skill", code="http://x/not-esco")


@pytest.mark.parametrize("code", ["7", "75", "753", "9999", "abcd", ""])
def test_only_isco_unit_groups_are_accepted(world, code):
    with pytest.raises(ValidationError):
        services.coded_item_confirm(actor=world.counsellor, case=world.case, kind="occupation", code=code)


def test_suggesting_stores_nothing(world, client):
    client.force_login(world.counsellor)
    before = CodedItem.objects.count()
    response = client.post(f"/skills/case/{world.case.pk}/suggest/", {"text": "couturière", "kind": "occupation"})
    assert response.status_code == 200
    assert "Confirm" in response.content.decode()
    assert CodedItem.objects.count() == before


def test_goal_with_non_traditional_occupation(world):
    goal = services.goal_add(actor=world.counsellor, case=world.case, kind="wage", description="Electrician",
                             isco_code="7411", non_traditional=True)
    assert goal.non_traditional_discussed is True


def test_checklist_only_takes_3d_items(world):
    services.checklist_answer(actor=world.counsellor, case=world.case, item_id="3d.7", answer="yes")
    services.checklist_answer(actor=world.counsellor, case=world.case, item_id="3d.7", answer="partly", note="again")
    assert GuidanceChecklistAnswer.objects.get(case=world.case, item_id="3d.7").answer == "partly"
    for bad in ("3e.1", "3d.99"):
        with pytest.raises(ValidationError):
            services.checklist_answer(actor=world.counsellor, case=world.case, item_id=bad, answer="yes")


def test_out_of_scope_user_cannot_write(world, make_member):
    from reintegra.core.models import Role

    stranger = make_member(world.other, Role.COUNSELLOR)
    with pytest.raises(PermissionDenied):
        services.profile_save(actor=stranger, case=world.case, literacy="basic")
