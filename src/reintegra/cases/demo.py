"""Demo lifecycle for the synthetic cases: name tokens for duplicate search, phases and follow-ups
(some overdue), identification, exploitation history, screening, consent, protection, needs,
outcomes and plans. Called by the demo generator after the cases exist (`populate(ctx)`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from reintegra.cases import screening
from reintegra.cases.models import (
    Case,
    CaseStatus,
    EmploymentStatus,
    ExploitationEpisode,
    FollowUp,
    Identification,
    IdentifiedBy,
    MechanismStage,
    Need,
    NeedsAssessment,
    OutcomeAssessment,
    Phase,
    PhaseChange,
    PlanGoal,
    Protection,
    ReintegrationPlan,
    Screening,
)
from reintegra.demo.bulk import insert
from reintegra.demo.generator import id_chunks, sized
from reintegra.people.duplicates import name_tokens
from reintegra.people.models import Consent, Survivor, SurvivorNameToken

# Cases given a full lifecycle: one in five at medium and national scale, as the medium demo.
DETAILED = {"small": 60, "medium": 2_000, "national": 200_000}
# Survivors given name tokens (not events; 14 rows a survivor, so the national demo keeps a 10% sample
# and the duplicate-search benchmark, benchmarks/cases_duplicates.py, builds its own).
TOKENISED = {"small": 60, "medium": 10_000, "national": 100_000}
BATCH = 5000
FORMS = {"trafficking_labour": "trafficking", "debt_bondage": "debt_bondage", "trafficking_sexual": "trafficking",
         "state_imposed": "state_imposed"}
INDICATOR_SETS = [["REC-I3", "WRK-C7"], ["REC-I6", "WRK-C6", "LEA-I3"], ["WRK-I2", "WRK-C3", "LEA-C1"],
                  ["REC-I4"], ["WRK-C5", "WRK-I3"], ["CHD-4A"], ["REC-I2", "LEA-C6"]]


def _phase_for(opened: dt.date, today: dt.date) -> tuple[str, dt.date]:
    months = (today - opened).days / 30.44
    for limit, phase, start_month in ((6, Phase.CRISIS, 0), (12, Phase.STABILISATION, 6),
                                      (36, Phase.INCLUSION, 12)):
        if months < limit:
            return phase, opened + dt.timedelta(days=int(start_month * 30.44))
    return Phase.POST_EXIT, opened + dt.timedelta(days=int(36 * 30.44))


def _in_range(queryset: Any, chunk: list[int]) -> Any:
    return queryset.filter(id__gte=chunk[0], id__lte=chunk[-1])


def _tokens(ctx: Any) -> None:
    for chunk in id_chunks(ctx.case_ids[: sized(ctx, TOKENISED[ctx.scale])]):
        wanted = set(chunk)
        rows = []
        cases = _in_range(Case.objects.all(), chunk).values_list("id", "survivor_id")
        survivor_ids = [survivor for case, survivor in cases if case in wanted]
        survivors = (Survivor.objects.filter(id__gte=min(survivor_ids), id__lte=max(survivor_ids))
                     .only("id", "organization_id", "given_name", "family_name").order_by("id")) if survivor_ids else []
        chosen = set(survivor_ids)
        for survivor in survivors:
            if survivor.pk in chosen:
                rows += [SurvivorNameToken(survivor_id=survivor.pk, organization_id=survivor.organization_id, token=t)
                         for t in name_tokens(survivor.full_name)]
        insert(rows, batch_size=5000)


def populate(ctx: Any) -> None:
    _tokens(ctx)
    for chunk in id_chunks(ctx.case_ids[: sized(ctx, DETAILED[ctx.scale])]):
        wanted = set(chunk)
        cases = [c for c in _in_range(Case.objects.order_by("id"), chunk)
                 if c.pk in wanted]
        _lifecycles(ctx, cases)


def _set_phases(cases: list[Case]) -> None:
    """One UPDATE per case, sent as one batch (`bulk_update` builds a CASE per column, slow at scale)."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET phase = %s, phase_started_on = %s, exited_on = %s WHERE id = %s",  # noqa: S608 (table name from the model)
                           [(c.phase, c.phase_started_on, c.exited_on, c.pk) for c in cases])


def _lifecycles(ctx: Any, cases: list[Case]) -> None:
    rng, today = ctx.rng, ctx.today
    rows: dict[Any, list[Any]] = {model: [] for model in (
        PhaseChange, FollowUp, Identification, ExploitationEpisode, Screening, Consent, Protection,
        NeedsAssessment, OutcomeAssessment, ReintegrationPlan)}
    for case in cases:
        profile = ctx.profiles.get(case.pk)
        org = case.organization_id
        phase, phase_start = _phase_for(case.opened_on, today)
        case.phase, case.phase_started_on = phase, phase_start
        if phase == Phase.POST_EXIT:
            case.exited_on = phase_start
        passed = [p for p in Phase.values][: Phase.values.index(phase) + 1]
        for index, step in enumerate(passed):
            started = case.opened_on + dt.timedelta(days=int((0, 6, 12, 36)[index] * 30.44))
            rows[PhaseChange].append(PhaseChange(organization_id=org, case=case, phase=step, started_on=started))
        if case.status in (CaseStatus.ACTIVE, CaseStatus.FOLLOW_UP):
            rows[FollowUp].append(FollowUp(organization_id=org, case=case, phase=phase,
                                           due_on=today + dt.timedelta(days=rng.randint(-20, 25))))
        for back in range(rng.randint(0, 3)):
            rows[FollowUp].append(FollowUp(
                organization_id=org, case=case, phase=phase, due_on=today - dt.timedelta(days=30 * (back + 1)),
                done_on=today - dt.timedelta(days=30 * (back + 1) - rng.randint(0, 3)), method="phone",
                employment_status=rng.choice(EmploymentStatus.values), wellbeing=rng.randint(2, 5),
                has_debt=rng.random() < 0.4))
        rows[Identification].append(Identification(
            organization_id=org, case=case, identified_by=rng.choice(IdentifiedBy.values),
            identified_on=case.opened_on, mechanism_stage=rng.choice(MechanismStage.values)))
        if profile:
            section = profile.sector if len(profile.sector) == 1 else ""
            rows[ExploitationEpisode].append(ExploitationEpisode(
                organization_id=org, case=case, form=FORMS.get(profile.form_of_exploitation, "other"),
                isic_section=section, country=profile.nationality, duration_months=rng.randint(2, 60),
                continuum_stage=rng.choice("DE"), methods_of_control=["DebtBondage", "WithholdsDocuments"][
                    : rng.randint(0, 2)]))
            result = screening.evaluate(profile.age if profile.age >= 18 else None, rng.choice(INDICATOR_SETS))
            rows[Screening].append(Screening(
                organization_id=org, case=case, screened_on=case.opened_on, age_at_exploitation=result.age,
                indicators=result.involuntariness + result.coercion + result.child_rules + result.not_applicable,
                forced_labour=result.forced_labour, child=result.child, result=result.as_dict(),
                catalogue_version=result.catalogue_version))
            if profile.age < 18:
                rows[Protection].append(Protection(organization_id=org, case=case, age_uncertain=True,
                                                   presumed_minor=True, guardian_name="Demo guardian"))
            elif (today - case.opened_on).days < 40:
                start = case.opened_on
                rows[Protection].append(Protection(
                    organization_id=org, case=case, is_migrant=True, reflection_jurisdiction="ZZ",
                    reflection_days=30, reflection_starts_on=start, reflection_ends_on=start + dt.timedelta(days=30)))
        for purpose, share in (("services", 0.9), ("statistics", 0.7)):
            if rng.random() < share:
                rows[Consent].append(Consent(organization_id=org, survivor_id=case.survivor_id, purpose=purpose,
                                             given=True, recorded_on=case.opened_on))
        rows[NeedsAssessment].append(NeedsAssessment(
            organization_id=org, case=case, assessed_on=case.opened_on, readiness=rng.choice(
                ["not_yet", "preparing", "ready"]), needs_childcare=rng.random() < 0.3,
            dimensions={"skills": {"level": "priority", "note": ""}, "health": {"level": "some", "note": ""}},
            checklist={"1": True, "6": True}))
        rows[OutcomeAssessment].append(OutcomeAssessment(
            organization_id=org, case=case, timepoint="intake", assessed_on=case.opened_on,
            **{k: rng.randint(1, 3) for k in ("safety", "legal_protection", "mental_wellbeing",
                                               "economic_empowerment", "social_support", "physical_wellbeing")}))
        if (today - case.opened_on).days > 190:
            rows[OutcomeAssessment].append(OutcomeAssessment(
                organization_id=org, case=case, timepoint="month_6",
                assessed_on=case.opened_on + dt.timedelta(days=183),
                **{k: rng.randint(2, 5) for k in ("safety", "legal_protection", "mental_wellbeing",
                                                   "economic_empowerment", "social_support", "physical_wellbeing")}))
        if rng.random() < 0.6:
            rows[ReintegrationPlan].append(ReintegrationPlan(
                organization_id=org, case=case, objectives="Stable income through skills training",
                agreed_by_survivor=True, agreed_on=case.opened_on + dt.timedelta(days=20)))
    _set_phases(cases)
    for objects in rows.values():
        insert(objects, batch_size=BATCH)
    assessments = rows[NeedsAssessment]
    insert([Need(organization_id=a.organization_id, assessment=a, horizon="immediate",
                                   description="Safe accommodation") for a in assessments], batch_size=BATCH)
    plans = rows[ReintegrationPlan]
    insert([PlanGoal(organization_id=p.organization_id, plan=p, area="training",
                                           description="Complete a vocational course") for p in plans],
                                 batch_size=BATCH)
