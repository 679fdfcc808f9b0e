"""The skills page and its forms; the pathway timeline fragment."""

from __future__ import annotations

from django.template.loader import render_to_string

from reintegra.employment.timeline import pathway_timeline
from reintegra.skills.models import GuidanceChecklistAnswer, Qualification, RplRecord


def test_skills_page_forms(world, client):
    client.force_login(world.counsellor)
    url = f"/skills/case/{world.case.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url + "qualifications/", {"title": "Diploma in garment making", "country": "IN",
                                                 "is_foreign": "on", "recognition": "pending"}).status_code == 302
    assert Qualification.objects.get().is_foreign
    assert client.post(url + "rpl/", {"subject": "Machine sewing", "on": "2026-01-02"}).status_code == 302
    record = RplRecord.objects.get()
    bad = client.post(url + f"rpl/{record.pk}/", {"stage": "certification", "on": "2026-01-10"})
    assert bad.status_code == 400 and "full, partial or refused" in bad.content.decode()
    assert client.post(url + f"rpl/{record.pk}/", {"stage": "certification", "on": "2026-01-10", "result": "full",
                                                   "assessor": "B. Examiner"}).status_code == 302
    assert client.post(url + "checklist/", {"item_id": "3d.5", "answer": "yes", "note": "weighed a shop"}
                       ).status_code == 302
    assert GuidanceChecklistAnswer.objects.get().item_id == "3d.5"
    page = client.get(url).content.decode()
    assert "weighed a shop" in page and "Full certification" in page


def test_timeline_fragment_for_the_case_page(world):
    from reintegra.skills.services import goal_add

    goal_add(actor=world.counsellor, case=world.case, kind="self", description="Open a tailoring shop")
    html = render_to_string("employment/_pathway_timeline.html", {"timeline": pathway_timeline(world.case)})
    assert "Guidance goal: Open a tailoring shop" in html and 'id="pathway-timeline"' in html
    assert "Nothing on the economic pathway yet" in render_to_string("employment/_pathway_timeline.html",
                                                                      {"timeline": []})


def test_case_page_context_helper(world, make_member):
    from reintegra.core.models import Role
    from reintegra.employment.timeline import pathway_for_case_page

    context = pathway_for_case_page(user=world.counsellor, case=world.case)
    html = render_to_string("employment/_pathway_timeline.html", {"pathway": context})
    assert f"/employment/case/{world.case.pk}/" in html and "Nothing on the economic pathway yet" in html
    assert pathway_for_case_page(user=make_member(world.shelter, Role.ME_OFFICER), case=world.case) is None
