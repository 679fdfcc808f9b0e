"""Demo economic pathway: training programmes, employers (some vetted, one register-listed),
opportunities (100,000 at national scale), skills profiles with confirmed codes for a share of the
cases, enrolments with certification or dropout, placements with their retention checks, an
enterprise with co-financing, and a market appraisal. Bulk inserts only (`populate(ctx)`).

At medium and national scale the training demo enrols the cases after the pathway slice at the
small demo's rates; this hook then places the certified ones (as the small demo places every
certified trainee a month after certification), with their retention checks, and starts one
enterprise for every 40 pathway cases (the small demo's rate), so monitoring sees realistic
volumes. It also creates the `employer` login for the employer portal, with one consenting person."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from reintegra.cases.models import Case
from reintegra.core.models import User
from reintegra.demo.bulk import insert
from reintegra.demo.generator import id_chunks, sized
from reintegra.employment import demo_feedback
from reintegra.employment.models import (
    Employer,
    EmployerAccount,
    Enterprise,
    MarketAppraisal,
    Opportunity,
    Placement,
    RegisterEntry,
    RetentionCheck,
    StartupSupport,
    TradeInDemand,
    ViabilityCheck,
)
from reintegra.employment.services.employers import bump_index
from reintegra.employment.services.placements import add_months
from reintegra.people.models import Consent, ConsentPurpose
from reintegra.skills.models import CodedItem, GuidanceGoal, SkillsProfile
from reintegra.training.models import CommunityTrainee, Enrolment, Programme

OPPORTUNITIES = {"small": 120, "medium": 5_000, "national": 100_000}
EMPLOYERS = {"small": 12, "medium": 300, "national": 5_000}
PATHWAY_CASES = {"small": 40, "medium": 2_000, "national": 200_000}  # one case in five beyond small
TRADES = ["7531", "8153", "7512", "5120", "9111", "7115", "7411", "6111", "8322", "5223"]
AREAS = ["North", "South", "East", "West", "Capital"]
BATCH = 5000
CASES_PER_ENTERPRISE = 40  # the small demo: one enterprise for its 40 pathway cases
EMPLOYER_LOGIN = "employer"
PROGRAMMES = [
    ("Tailoring and garment making", "vocational", "7531", "part_time"),
    ("Bakery and pastry", "vocational", "7512", "full_time"),
    ("Evening literacy and numeracy", "foundational", "", "evenings"),
    ("Getting and keeping a job", "core", "", "part_time"),
    ("Know your rights at work", "workers_rights", "", "weekends"),
    ("Electrical installation (apprenticeship)", "vocational", "7411", "full_time"),
]


def _programmes(ctx: Any) -> list[Programme]:
    provider = ctx.organizations["National TVET Institute"]
    return Programme.objects.bulk_create([
        Programme(organization=provider, name=name, kind=kind, isco_code=isco, schedule=schedule,
                  admin_area="Capital", language="en", capacity=25, duration_weeks=12 if kind != "foundational" else 24,
                  delivery="apprenticeship" if "apprenticeship" in name else "classroom",
                  qualification="Level 1 certificate" if kind == "vocational" else "",
                  awarding_body="National TVET Authority" if kind == "vocational" else "",
                  open_to="community" if kind != "workers_rights" else "victims")
        for name, kind, isco, schedule in PROGRAMMES])


def _employers(ctx: Any) -> list[Employer]:
    shelter = ctx.organizations["Hope Shelter"]
    rng = ctx.rng
    rows = []
    for n in range(EMPLOYERS[ctx.scale]):
        vetted = rng.random() < 0.8
        rows.append(Employer(
            organization=shelter, name=f"Employer {n + 1:05d}", admin_area=AREAS[n % len(AREAS)],
            isic_section=rng.choice("CGIQSA"), size=rng.choice(["micro", "small", "medium", "large"]),
            partnership="partner" if vetted else "prospect", vetting="approved" if vetted else "not_vetted",
            written_contracts=vetted, minimum_wage=vetted, safety_health=vetted, freedom_of_association=vetted,
            no_recruitment_fees=vetted,
            vetted_on=ctx.today - dt.timedelta(days=rng.randint(10, 400)) if vetted else None))
    employers = Employer.objects.bulk_create(rows, batch_size=2000)
    entry = RegisterEntry.objects.create(source="Demo register of employers found using forced labour",
                                         name="Brick Kiln Holdings", normalized_name="BRICK KILN HOLDINGS",
                                         listed_on=ctx.today - dt.timedelta(days=200))
    Employer.objects.create(organization=shelter, name="Brick Kiln Holdings", admin_area="South", vetting="rejected",
                            register_hit=entry)
    return [e for e in employers if e.vetting == "approved"]


def _opportunities(ctx: Any, employers: list[Employer]) -> None:
    shelter = ctx.organizations["Hope Shelter"]
    rng = ctx.rng
    batch = []
    for n in range(OPPORTUNITIES[ctx.scale]):
        employer = employers[n % len(employers)]
        trade = rng.choice(TRADES)
        batch.append(Opportunity(
            organization=shelter, employer=employer, kind=rng.choice(["job"] * 6 + ["internship", "apprenticeship",
                                                                                   "on_the_job"]),
            title=f"{trade} vacancy {n + 1}", isco_code=trade, admin_area=employer.admin_area,
            hours_per_week=rng.choice([20, 30, 40, 40, 48]), monthly_wage=Decimal(rng.randint(150, 600)),
            suits_early_stage=rng.random() < 0.3, openings=rng.randint(1, 4),
            deadline=ctx.today + dt.timedelta(days=rng.randint(5, 120))))
        if len(batch) == 5000:
            insert(batch)
            batch = []
    insert(batch)


def _pathways(ctx: Any, programmes: list[Programme], employers: list[Employer]) -> None:
    rng = ctx.rng
    first, taken = None, 0
    for chunk in id_chunks(ctx.case_ids[:sized(ctx, PATHWAY_CASES[ctx.scale])]):
        wanted = set(chunk)
        cases = [row for row in Case.objects.filter(id__gte=chunk[0], id__lte=chunk[-1]).order_by("id")
                 .values_list("id", "organization_id", "admin_area", "opened_on") if row[0] in wanted]
        _pathway_chunk(ctx, programmes, employers, cases)
        first = first or (cases[0] if cases else None)
        taken += len(cases)
    # Codes "T-P" + a counter: reproducible, never repeated (random codes collide at national scale, where
    # 50,000 trainees share 2**32 codes) and never equal to the training demo's "T-D…" nor an application's "T-…".
    trainees = insert([
        CommunityTrainee(organization_id=programmes[0].organization_id, code=f"T-P{n:08X}",
                         gender=rng.choice(["Feminine", "Masculine"]), birth_year=rng.randint(1975, 2006))
        for n in range(max(10, taken // 4))], batch_size=BATCH)
    insert([
        Enrolment(organization_id=t.organization_id, programme=rng.choice(programmes[:4]), community_trainee=t,
                  status="attending") for t in trainees], batch_size=BATCH)
    if first:
        cid, org, _area, _opened = first
        enterprise = Enterprise.objects.create(organization_id=org, case_id=cid, name="Corner tailoring shop",
                                               isco_code="7531", business_plan="Alterations and school uniforms.",
                                               plan_approved_on=ctx.today - dt.timedelta(days=90),
                                               started_on=ctx.today - dt.timedelta(days=60), status="started")
        StartupSupport.objects.create(organization_id=org, enterprise=enterprise, kind="co_financing",
                                      amount=Decimal(300), own_contribution=Decimal(300))


def _pathway_chunk(ctx: Any, programmes: list[Programme], employers: list[Employer], cases: list[Any]) -> None:
    rng = ctx.rng
    counsellor = ctx.users.get("counsellor")
    profiles = insert([
        SkillsProfile(organization_id=org, case_id=cid, literacy=rng.choice(["basic", "functional", "proficient"]),
                      numeracy=rng.choice(["basic", "functional"]), preferred_areas=area or "North",
                      max_hours_per_week=rng.choice([None, 30, 40]),
                      matching_consent_on=ctx.today if rng.random() < 0.6 else None)
        for cid, org, area, _opened in cases], batch_size=BATCH)
    items, goals, enrolments, placements = [], [], [], []
    for (cid, org, _area, opened), profile in zip(cases, profiles, strict=True):
        trade = rng.choice(TRADES)
        items.append(CodedItem(organization_id=org, profile=profile, kind="aspiration", code=trade, label=trade,
                               confirmed_by=counsellor))
        goals.append(GuidanceGoal(organization_id=org, case_id=cid, kind=rng.choice(["wage", "wage", "self"]),
                                  description=f"Work in occupation {trade}", isco_code=trade, created_by=counsellor,
                                  non_traditional=rng.random() < 0.1))
        programme = rng.choice(programmes)
        enrolled = opened + dt.timedelta(days=rng.randint(30, 120))
        if enrolled > ctx.today:
            continue
        outcome = rng.choice(["attending", "completed", "certified", "certified", "dropped_out"])
        done = enrolled + dt.timedelta(weeks=programme.duration_weeks)
        finished = done <= ctx.today and outcome != "attending"
        enrolments.append(Enrolment(
            organization_id=programme.organization_id, programme=programme, case_id=cid, case_organization_id=org,
            status=outcome if finished else "attending", enrolled_on=enrolled, started_on=enrolled,
            completed_on=done if finished and outcome in ("completed", "certified") else None,
            certified_on=done if finished and outcome == "certified" else None,
            certificate=f"TVET-{cid}" if finished and outcome == "certified" else "",
            dropped_out_on=done if finished and outcome == "dropped_out" else None,
            dropout_category="care_duties" if finished and outcome == "dropped_out" else "",
            dropout_reason="care duties" if finished and outcome == "dropped_out" else "",
            transport=rng.random() < 0.5, childcare=rng.random() < 0.2, stipend=Decimal(50)))
        if finished and outcome == "certified" and done + dt.timedelta(days=30) <= ctx.today:
            employer = rng.choice(employers)
            placements.append(Placement(
                organization_id=org, case_id=cid, employer=employer, job_title=f"{trade} worker", isco_code=trade,
                started_on=done + dt.timedelta(days=30), monthly_wage=Decimal(rng.randint(180, 450)),
                hours_per_week=40))
    insert(items, batch_size=BATCH)
    insert(goals, batch_size=BATCH)
    insert(enrolments, batch_size=BATCH)
    placements = insert(placements, batch_size=BATCH)
    _retention_checks(ctx, placements)


def _retention_checks(ctx: Any, placements: list[Placement]) -> None:
    rng = ctx.rng
    checks = []
    for placement in placements:
        assert placement.monthly_wage is not None  # every demo placement has a wage
        for month in (1, 3, 6, 12):
            due = add_months(placement.started_on, month)
            done = due <= ctx.today and rng.random() < 0.8
            kept = rng.random() < 0.85
            checks.append(RetentionCheck(
                organization_id=placement.organization_id, placement=placement, month=month, due_on=due,
                done_on=due if done else None, still_employed=kept if done else None,
                monthly_wage=placement.monthly_wage + 20 if done and kept else None))
    insert(checks, batch_size=BATCH)


def _beyond_the_slice(ctx: Any, employers: list[Employer]) -> None:
    """Placements for the certified trainees the training demo enrolled after the pathway slice,
    and enterprises at the small demo's rate (medium and national scale only)."""
    covered = sized(ctx, PATHWAY_CASES[ctx.scale])
    chosen = ctx.case_ids[covered:]
    if ctx.scale == "small" or not chosen or not employers:
        return
    rng = ctx.rng
    latest = ctx.today - dt.timedelta(days=30)
    # An id range, not `id__in`: at national scale the list is too long for one SQLite statement.
    certified = (Enrolment.objects.filter(case_id__gte=chosen[0], case_id__lte=chosen[-1], status="certified",
                                          certified_on__lte=latest)
                 .values_list("case_id", "case_organization_id", "programme__isco_code", "certified_on")
                 .order_by("case_id").iterator(chunk_size=BATCH))
    batch: list[Placement] = []
    for case_id, org_id, isco, certified_on in certified:
        trade = isco or rng.choice(TRADES)
        batch.append(Placement(
            organization_id=org_id, case_id=case_id, employer=rng.choice(employers), job_title=f"{trade} worker",
            isco_code=trade, started_on=(certified_on or latest) + dt.timedelta(days=30),
            monthly_wage=Decimal(rng.randint(180, 450)), hours_per_week=40))
        if len(batch) == BATCH:
            _retention_checks(ctx, insert(batch))
            batch = []
    if batch:
        _retention_checks(ctx, insert(batch))
    _enterprises(ctx, chosen[::CASES_PER_ENTERPRISE])


def _enterprises(ctx: Any, case_ids: list[int]) -> None:
    rng = ctx.rng
    for start in range(0, len(case_ids), BATCH):
        part = case_ids[start:start + BATCH]
        cases = (Case.objects.filter(id__gte=part[0], id__lte=part[-1]).values_list("id", "organization_id",
                                                                                     "admin_area", "opened_on"))
        wanted = set(part)
        rows = []
        for cid, org, area, opened in cases:
            if cid not in wanted:
                continue
            begun = min(ctx.today, opened + dt.timedelta(days=rng.randint(90, 400)))
            trading = rng.random() < 0.7
            rows.append(Enterprise(
                organization_id=org, case_id=cid, name=f"Enterprise {cid}", isco_code=rng.choice(TRADES),
                admin_area=area, business_plan="Small trade with a market stall.",
                plan_approved_on=begun, started_on=begun if trading else None,
                status="started" if trading else "planning", is_group=rng.random() < 0.15))
        enterprises = insert(rows)
        insert([
            StartupSupport(organization_id=e.organization_id, enterprise=e,
                           kind=rng.choice(["grant", "co_financing", "equipment", "loan"]),
                           amount=Decimal(rng.randint(100, 500)), own_contribution=Decimal(rng.randint(0, 300)),
                           given_on=e.plan_approved_on or ctx.today) for e in enterprises])
        insert([
            ViabilityCheck(organization_id=e.organization_id, enterprise=e,
                           checked_on=min(ctx.today, (e.started_on or ctx.today) + dt.timedelta(days=180)),
                           trading=rng.random() < 0.8, monthly_income=Decimal(rng.randint(50, 400)))
            for e in enterprises if e.started_on])


def _employer_login(ctx: Any, employers: list[Employer]) -> None:
    """The `employer` login (same password as the other demo accounts) for the first vetted
    employer, with two people placed there of whom one consented to tell it."""
    template = ctx.users.get("liaison")
    cases = list(Case.objects.filter(organization=ctx.organizations["Hope Shelter"], id__in=ctx.case_ids[:200])
                 .order_by("id").values_list("id", "organization_id", "survivor_id")[:2])
    if template is None or not employers or not cases:
        return
    employer = employers[0]
    Employer.objects.filter(pk=employer.pk).update(name="Fair Garments Ltd")
    user = User.objects.create(username=EMPLOYER_LOGIN, password=template.password, first_name="Employer",
                               email=f"{EMPLOYER_LOGIN}@demo.invalid")
    ctx.users[EMPLOYER_LOGIN] = user
    EmployerAccount.objects.create(user=user, employer=employer)
    started = ctx.today - dt.timedelta(days=100)
    placements = insert([
        Placement(organization_id=org, case_id=cid, employer=employer, job_title=title, isco_code="7531",
                  started_on=started, monthly_wage=Decimal(320), hours_per_week=40)
        for (cid, org, _survivor), title in zip(cases, ["Sewing machinist", "Cutter"], strict=False)])
    _retention_checks(ctx, placements)
    cid, org, survivor = cases[0]
    Consent.objects.create(organization_id=org, survivor_id=survivor, purpose=ConsentPurpose.EMPLOYER_DISCLOSURE,
                           employer=employer, given=True, recorded_on=started, recorded_by=template,
                           witness="Demo caseworker")


def _market(ctx: Any) -> None:
    shelter = ctx.organizations["Hope Shelter"]
    appraisal = MarketAppraisal.objects.create(
        organization=shelter, admin_area="North", kind="market_opportunity", title="North: garments and food",
        conducted_on=ctx.today - dt.timedelta(days=120),
        summary="Garment workshops and bakeries report unfilled vacancies.",
        feasibility_notes="Transport from the shelter takes 40 minutes; evening shifts are hard for mothers.")
    TradeInDemand.objects.bulk_create([
        TradeInDemand(organization=shelter, appraisal=appraisal, isco_code=code, evidence=evidence,
                      observed_on=appraisal.conducted_on, for_self_employment=code == "7531")
        for code, evidence in [("7531", "11 workshops hiring"), ("7512", "6 bakeries short of staff"),
                               ("8153", "Factory expansion, 40 machinists")]])


def populate(ctx: Any) -> None:
    if "National TVET Institute" not in ctx.organizations or "Hope Shelter" not in ctx.organizations:
        return
    programmes = _programmes(ctx)
    employers = _employers(ctx)
    _opportunities(ctx, employers)
    _pathways(ctx, programmes, employers)
    _beyond_the_slice(ctx, employers)
    _employer_login(ctx, employers)
    _market(ctx)
    bump_index()
    demo_feedback.populate(ctx)
