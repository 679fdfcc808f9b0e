"""Case pages through the Django test client: intake with duplicates, every section, PDF, follow-up desk."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reintegra.cases.models import CaseShare, FollowUp, NeedsAssessment, Screening
from reintegra.cases.views.sections import SECTIONS
from reintegra.core.models import Role

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def cm_client(client, case_manager):
    assert client.login(username=case_manager.username, password=PASSWORD)
    return client


def test_intake_warns_about_duplicates_and_needs_confirmation(cm_client, case):
    form = {"given_name": "Maia", "family_name": "Tamang", "birth_date": "1994-03-02", "gender": "Feminine"}
    response = cm_client.post(reverse("cases:open"), form)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Possible duplicates" in body and case.survivor.code in body and "Maya Tamang" in body
    response = cm_client.post(reverse("cases:open"), {**form, "confirm_new_person": "on"})
    assert response.status_code == 302


def test_intake_without_duplicates_opens_directly(cm_client):
    response = cm_client.post(reverse("cases:open"), {"given_name": "Ana", "family_name": "Lopez",
                                                      "gender": "Feminine"})
    assert response.status_code == 302


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_form_renders(cm_client, case, section, give_consent, case_manager):
    from reintegra.cases import services

    give_consent(case, "services")
    services.plan_save(actor=case_manager, case=case, objectives="Work")
    services.plan_goal_add(actor=case_manager, case=case, area="training", description="Tailoring course")
    response = cm_client.get(reverse("cases:section", args=[case.pk, section]))
    assert response.status_code == 200


def test_screening_consent_needs_plan_and_pdf_through_the_pages(cm_client, case):
    url = lambda s: reverse("cases:section", args=[case.pk, s])  # noqa: E731
    response = cm_client.post(url("screening"), {"age": "30", "stage_recruitment": ["REC-I3"],
                                                 "stage_leaving": ["LEA-C3"]})
    assert response.status_code == 302
    assert Screening.objects.get(case=case).forced_labour
    needs = {"readiness": "preparing", "immediate": "Safe housing\nMedical check", "dim_skills": "priority"}
    response = cm_client.post(url("needs"), needs)
    assert response.status_code == 400 and "consented" in response.content.decode()
    response = cm_client.post(url("consent"), {"purpose": "services", "given": "yes", "witness": "Lena"})
    assert response.status_code == 302
    response = cm_client.post(url("needs"), needs)
    assert response.status_code == 302
    assert NeedsAssessment.objects.get(case=case).needs.count() == 2
    cm_client.post(url("plan"), {"objectives": "Own tailoring shop", "language": "en", "agreed_by_survivor": "on"})
    cm_client.post(url("goal"), {"area": "self_employment", "description": "Open a shop"})
    page = cm_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    for text in ("Meets the forced-labour rule", "Receiving services", "Safe housing", "Own tailoring shop",
                 "Agreed by the survivor"):
        assert text in page
    pdf = cm_client.get(reverse("cases:plan_pdf", args=[case.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_share_without_consent_is_refused_in_the_page(cm_client, case, partner_org):
    response = cm_client.post(reverse("cases:section", args=[case.pk, "share"]),
                              {"shared_with": partner_org.pk, "sections": ["plan"], "purpose": "training"})
    assert response.status_code == 400
    assert not CaseShare.objects.exists()


def test_outcome_chart_is_drawn(cm_client, case):
    scores = {"safety": 2, "legal_protection": 1, "mental_wellbeing": 2, "economic_empowerment": 1,
              "social_support": 3, "physical_wellbeing": 3}
    for timepoint in ("intake", "month_6"):
        response = cm_client.post(reverse("cases:section", args=[case.pk, "outcome"]),
                                  {"timepoint": timepoint, **scores})
        assert response.status_code == 302
    page = cm_client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "<svg" in page and 'id="outcome-table"' in page


def test_follow_up_desk_lists_overdue_contacts(cm_client, case):
    FollowUp.objects.filter(case=case).update(due_on=timezone.localdate() - dt.timedelta(days=3))
    page = cm_client.get(reverse("cases:followups")).content.decode()
    assert case.survivor.code in page and 'id="overdue"' in page


@pytest.mark.parametrize("name, args", [("cases:detail", []), ("cases:plan_pdf", []),
                                        ("cases:section", ["screening"]), ("cases:section", ["consent"])])
def test_other_organisation_gets_404(client, case, make_org, make_member, name, args):
    stranger = make_member(make_org(), Role.SUPERVISOR)
    client.force_login(stranger)
    assert client.get(reverse(name, args=[case.pk, *args])).status_code == 404


def test_unknown_section_is_404(cm_client, case):
    assert cm_client.get(f"/cases/{case.pk}/nonsense/").status_code == 404


def test_plan_statuses_and_team_through_the_pages(client, case, supervisor, give_consent, case_manager, org,
                                                   make_member):
    from reintegra.cases import services

    give_consent(case, "services")
    services.plan_save(actor=case_manager, case=case, objectives="Work")
    goal = services.plan_goal_add(actor=case_manager, case=case, area="training", description="Course")
    action = services.plan_action_add(actor=case_manager, case=case, goal=goal, description="Enrol")
    client.force_login(case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert f'status-action-{action.pk}' in page
    client.post(reverse("cases:plan_status", args=[case.pk, "action", action.pk]), {"status": "done"})
    client.post(reverse("cases:plan_status", args=[case.pk, "goal", goal.pk]), {"status": "achieved"})
    action.refresh_from_db()
    goal.refresh_from_db()
    assert action.status == "done" and goal.status == "achieved"
    assert client.post(reverse("cases:plan_status", args=[case.pk, "nope", 1]), {"status": "x"}).status_code == 404
    psychologist = make_member(org, Role.COUNSELLOR, username="psy")
    client.force_login(supervisor)
    response = client.post(reverse("cases:section", args=[case.pk, "team"]),
                           {"case_manager": case_manager.pk, "team": [psychologist.pk]})
    assert response.status_code == 302
    assert list(case.team.all()) == [psychologist]


def test_identity_api_hides_contacts_when_do_not_contact(client, case, case_manager):
    from reintegra.cases import services

    services.survivor_contact_update(actor=case_manager, case=case, do_not_contact=True,
                                     safe_contact_instructions="Via shelter only")
    client.force_login(case_manager)
    data = client.get(f"/api/v1/cases/{case.pk}/identity/").json()
    assert data["do_not_contact"] is True and data["phone"] == ""
    assert data["safe_contact_instructions"] == "Via shelter only"


def test_case_page_lists_active_referrals_as_shares(client, case, case_manager, partner_org, give_consent):
    referrals = pytest.importorskip("reintegra.referrals.models")
    give_consent(case, "sharing", shared_with=partner_org)
    referrals.Referral.objects.create(organization=case.organization, case=case, recipient=partner_org,
                                      reason="training", shared_sections=["plan"], status="accepted",
                                      response_due=timezone.localdate())
    client.force_login(case_manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    shares = page.split('id="shares"')[1].split("</ul>")[0]
    assert partner_org.name in shares and "plan" in shares


def test_case_list_shows_phase_and_next_contact(cm_client, case):
    from django.utils.formats import date_format

    due = FollowUp.objects.get(case=case, done_on__isnull=True).due_on
    page = cm_client.get(reverse("cases:list")).content.decode()
    assert "Crisis intervention" in page
    assert date_format(due, "SHORT_DATE_FORMAT") in page


def test_plan_printout_in_the_survivors_language(case, case_manager, give_consent):
    from reintegra.cases import services
    from reintegra.cases.views.plan_pdf import plan_html

    give_consent(case, "services")
    plan = services.plan_save(actor=case_manager, case=case, objectives="Atelier de couture", language="fr",
                              agreed_by_survivor=True)
    services.plan_goal_add(actor=case_manager, case=case, area="self_employment", description="Ouvrir un atelier")
    html = plan_html(plan, show_identity=False)
    assert "Plan individuel de réintégration" in html and "Travail indépendant" in html
    assert "Maya" not in html  # identity left out when the role may not see it
    plan.language = "en"
    assert "Individual reintegration plan" in plan_html(plan, show_identity=True)


def test_case_list_filters_by_phase_and_overdue(cm_client, case, make_case, org, case_manager):
    from reintegra.cases import services

    other = make_case(org, case_manager, given_name="Rina", family_name="Gurung")
    services.phase_change(actor=case_manager, case=other, phase="inclusion")
    FollowUp.objects.filter(case=case).update(due_on=timezone.localdate() - dt.timedelta(days=2))
    by_phase = cm_client.get(reverse("cases:list"), {"phase": "inclusion"}).content.decode()
    assert other.survivor.code in by_phase and case.survivor.code not in by_phase
    overdue = cm_client.get(reverse("cases:list"), {"overdue": "on"}).content.decode()
    assert case.survivor.code in overdue and other.survivor.code not in overdue


def test_needs_can_be_marked_met(client, case, case_manager, give_consent):
    from reintegra.cases import services

    give_consent(case, "services")
    assessment = services.needs_assessment_record(actor=case_manager, case=case, dimensions={}, checklist={},
                                                  needs=[{"horizon": "immediate", "description": "Shelter"}])
    need = assessment.needs.get()
    client.force_login(case_manager)
    response = client.post(reverse("cases:plan_status", args=[case.pk, "need", need.pk]), {"status": "met"})
    assert response.status_code == 302 and response["Location"].endswith("#needs")
    need.refresh_from_db()
    assert need.met


def test_plan_language_defaults_to_the_survivors_language(cm_client, case):
    case.survivor.languages = "ne, fr"
    case.survivor.save(update_fields=["languages"])
    page = cm_client.get(reverse("cases:section", args=[case.pk, "plan"])).content.decode()
    assert '<option value="fr" selected>' in page
