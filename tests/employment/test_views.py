"""The employment pages render and their forms go through the services."""

from __future__ import annotations

from reintegra.employment.models import (
    AwarenessSession,
    Employer,
    Enterprise,
    MarketAppraisal,
    Opportunity,
    SupportSession,
    TradeInDemand,
    ViabilityCheck,
)
from reintegra.people.models import Consent


def test_employer_and_opportunity_pages(world, client):
    client.force_login(world.liaison)
    assert client.get("/employment/employers/").status_code == 200
    response = client.post("/employment/employers/new/", {"name": "Kathmandu Weavers", "admin_area": "North",
                                                           "partnership": "engaged", "size": "small"})
    employer = Employer.objects.get(name="Kathmandu Weavers")
    assert response.status_code == 302
    refused = client.post(f"/employment/employers/{employer.pk}/", {"form": "vetting", "decision": "approved",
                                                                     "written_contracts": "on"})
    assert refused.status_code == 400 and "decent-work" in refused.content.decode()
    criteria = {name: "on" for name in ("written_contracts", "minimum_wage", "safety_health",
                                        "freedom_of_association", "no_recruitment_fees")}
    assert client.post(f"/employment/employers/{employer.pk}/", {"form": "vetting", "decision": "approved",
                                                                  **criteria}).status_code == 302
    assert client.post(f"/employment/employers/{employer.pk}/", {"form": "awareness", "held_on": "2026-03-01",
                                                                  "topic": "Hiring survivors", "participants": 12}
                       ).status_code == 302
    assert AwarenessSession.objects.filter(employer=employer).count() == 1
    response = client.post("/employment/opportunities/new/", {
        "employer": employer.pk, "kind": "apprenticeship", "title": "Weaving apprentice", "isco_code": "7318",
        "admin_area": "North", "hours_per_week": 30, "schedule": "part_time", "contract_type": "training",
        "openings": 2})
    assert response.status_code == 302, response.content.decode()[:2000]
    opportunity = Opportunity.objects.get(title="Weaving apprentice")
    assert client.get("/employment/").status_code == 200
    assert "Weaving apprentice" in client.get(f"/employment/opportunities/{opportunity.pk}/").content.decode()
    assert client.get("/employment/retention/due/").status_code == 200


def test_case_page_forms(world, employer, client):
    client.force_login(world.liaison)
    url = f"/employment/case/{world.case.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"form": "consent", "employer": employer.pk, "given_on": "2026-02-01",
                             "witness": "Social worker"}).status_code == 302
    consent = Consent.objects.get(purpose="employer_disclosure")
    assert consent.given and consent.employer == employer and consent.witness == "Social worker"
    assert client.post(url, {"form": "withdraw", "target": employer.pk}).status_code == 302
    latest = Consent.objects.filter(purpose="employer_disclosure").order_by("-id").first()
    assert latest is not None and not latest.given and latest.employer == employer
    assert client.post(url, {"form": "enterprise", "name": "Tailoring corner",
                             "business_plan": "Repairs and alterations"}).status_code == 302
    enterprise = Enterprise.objects.get()
    assert client.post(url, {"form": "start", "target": enterprise.pk, "on": "2026-03-01"}).status_code == 302
    assert client.post(url, {"form": "support", "target": enterprise.pk, "kind": "grant", "amount": "250",
                             "own_contribution": "0", "given_on": "2026-03-01"}).status_code == 302
    assert client.post(url, {"form": "viability", "target": enterprise.pk, "checked_on": "2026-06-01",
                             "trading": "on", "monthly_income": "180"}).status_code == 302
    assert ViabilityCheck.objects.get().monthly_income == 180
    assert client.post(url, {"form": "session", "kind": "coaching", "held_on": "2026-03-05", "mentor": "Peer A",
                             "peer_survivor_mentor": "on"}).status_code == 302
    assert SupportSession.objects.get().peer_survivor_mentor
    bad = client.post(url, {"form": "placement", "kind": "wage", "job_title": "", "started_on": ""})
    assert bad.status_code == 400
    assert client.post(url, {"form": "nonsense"}).status_code == 404
    page = client.get(url).content.decode()
    assert "Started business Tailoring corner" in page and "Viability check of Tailoring corner" in page


def test_market_page(world, client):
    client.force_login(world.liaison)
    assert client.post("/employment/market/", {"admin_area": "North", "kind": "sector_study",
                                               "title": "Garments 2026", "conducted_on": "2026-01-10",
                                               "summary": "Workshops short of machinists"}).status_code == 302
    appraisal = MarketAppraisal.objects.get()
    assert client.post(f"/employment/market/{appraisal.pk}/trades/", {"isco_code": "8153",
                                                                       "evidence": "14 vacancies posted"}
                       ).status_code == 302
    assert TradeInDemand.objects.get().isco_code == "8153"
    page = client.get("/employment/market/?area=North").content.decode()
    assert "Garments 2026" in page and "14 vacancies posted" in page
    client.force_login(world.trainer)  # may read the shared appraisal, not change it
    assert client.get("/employment/market/").status_code == 200
    assert client.post("/employment/market/", {"admin_area": "North"}).status_code == 404


def test_link_an_employer_account_and_count_due_checks(world, employer, make_user, client):
    import datetime as dt
    from io import StringIO

    from django.core.management import call_command

    from reintegra.employment.services.placements import placement_create

    make_user("shop-owner")
    client.force_login(world.liaison)
    assert client.post(f"/employment/employers/{employer.pk}/", {"form": "account", "username": "shop-owner"}
                       ).status_code == 302
    assert employer.accounts.get().user.username == "shop-owner"
    placement_create(actor=world.liaison, case=world.case, employer=employer, job_title="Tailor",
                     started_on=world.today - dt.timedelta(days=100))
    out = StringIO()
    call_command("retention_due", stdout=out)
    assert "Hope Shelter: 2 retention check(s) due" in out.getvalue()
    assert world.case.survivor.code not in out.getvalue()


def test_goal_status_buttons(world, client):
    from reintegra.skills.services import goal_add

    goal = goal_add(actor=world.counsellor, case=world.case, kind="education", description="Finish grade 8")
    client.force_login(world.counsellor)
    assert client.post(f"/skills/case/{world.case.pk}/goals/{goal.pk}/status/", {"status": "achieved"}
                       ).status_code == 302
    goal.refresh_from_db()
    assert goal.status == "achieved"
