"""Reproducible synthetic data: organisations, staff for every role, survivors and cases.

The same seed gives the same data. Shares follow data/calibration.yaml. Other apps add their own
demo records by defining `populate(context)` in `<app>/demo.py`; it is called after the cases exist.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from reintegra.cases.models import Case, CaseStatus
from reintegra.core import audit
from reintegra.core.models import Membership, Organization, Role, Sector, User
from reintegra.demo.bulk import insert
from reintegra.demo.calibration import Profile, draw_profile
from reintegra.people.models import CODE_ALPHABET, Gender, Survivor
from reintegra.people.services import refresh_blind_indexes

SCALES = {"small": 60, "medium": 10_000, "national": 1_000_000}
EXTRA_ORGANIZATIONS = {"small": 0, "medium": 40, "national": 990}
DEMO_MARKER_ORG = "Hope Shelter"

# (name, type, sector, area) — the named organisations every demo has.
NAMED_ORGANIZATIONS = [
    ("Hope Shelter", "anti_slavery", Sector.NGO, "North"),
    ("Northern Social Services", "child_protection", Sector.PUBLIC, "North"),
    ("National TVET Institute", "tvet", Sector.PUBLIC, "Capital"),
    ("Fair Work Employers' Network", "employer", Sector.PRIVATE, "Capital"),
    ("Legal Aid Clinic", "legal_services", Sector.NGO, "South"),
    ("Southern Women's Centre", "womens_support", Sector.NGO, "South"),
    ("National Referral Mechanism", "national_coordination", Sector.PUBLIC, "Capital"),
]
AREAS = ["North", "South", "East", "West", "Capital"]

# username -> (organisation, role). One account for every role.
DEMO_USERS = [
    ("casemanager", "Hope Shelter", Role.CASE_MANAGER),
    ("casemanager2", "Northern Social Services", Role.CASE_MANAGER),
    ("counsellor", "Hope Shelter", Role.COUNSELLOR),
    ("trainer", "National TVET Institute", Role.TRAINER),
    ("liaison", "Hope Shelter", Role.EMPLOYER_LIAISON),
    ("supervisor", "Hope Shelter", Role.SUPERVISOR),
    ("meofficer", "Hope Shelter", Role.ME_OFFICER),
    ("orgadmin", "Hope Shelter", Role.ORG_ADMIN),
    ("coordinator", "National Referral Mechanism", Role.NETWORK_COORDINATOR),
    ("sysadmin", "National Referral Mechanism", Role.SYSTEM_ADMIN),
]
CASE_HOLDERS = ["Hope Shelter", "Northern Social Services", "Southern Women's Centre"]

GIVEN = {
    "female": ["Asha", "Maya", "Sita", "Rina", "Nadia", "Amina", "Lina", "Fatima", "Grace", "Mai", "Ana", "Leila"],
    "male": ["Ravi", "Omar", "Bikash", "Jose", "Karim", "Tuan", "Samuel", "Ali", "Dawit", "Rustam", "Joao", "Arun"],
}
FAMILY = ["Tamang", "Rahman", "Santos", "Bekele", "Aung", "Karimov", "Silva", "Kumar", "Reyes", "Hossain",
          "Gurung", "Tesfaye", "Nguyen", "Yusuf", "Mendes", "Rai"]


@dataclass
class DemoContext:
    rng: random.Random
    scale: str
    today: dt.date
    organizations: dict[str, Organization] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    case_ids: list[int] = field(default_factory=list)
    profiles: dict[int, Profile] = field(default_factory=dict)  # case id -> profile
    issued_codes: set[str] = field(default_factory=set)
    case_count: int | None = None  # `--cases`: fewer (or more) cases than the scale has


def sized(ctx: DemoContext, full: int) -> int:
    """A per-case slice (`full` at the scale's own number of cases) for the run's number of cases,
    so a `--cases` run keeps the scale's shares."""
    if ctx.case_count is None:
        return full
    return round(full * ctx.case_count / SCALES[ctx.scale])


def id_chunks(ids: list[int], size: int = 20_000) -> list[list[int]]:
    """`ids` sorted and cut in runs of `size`: each run is then read with an id range (`id__gte`,
    `id__lte`) rather than `id__in`, which at national scale is too long for one SQLite statement."""
    ordered = sorted(ids)
    return [ordered[n:n + size] for n in range(0, len(ordered), size)]


def demo_loaded() -> bool:
    return Organization.objects.filter(name=DEMO_MARKER_ORG).exists()


def _organizations(ctx: DemoContext) -> None:
    rows = list(NAMED_ORGANIZATIONS)
    types = ["tvet", "health_care", "legal_services", "employer", "anti_slavery", "womens_support",
             "public_employment_service", "migrant_refugee", "business_development", "trade_union"]
    for n in range(EXTRA_ORGANIZATIONS[ctx.scale]):
        kind = types[n % len(types)]
        sector = Sector.PRIVATE if kind in {"employer", "business_development"} else Sector.NGO
        rows.append((f"Provider {n + 1:04d}", kind, sector, AREAS[n % len(AREAS)]))
    Organization.objects.bulk_create(
        [Organization(name=name, type=kind, sector=sector, country="ZZ", admin_area=area)
         for name, kind, sector, area in rows],
        batch_size=1000,
    )
    ctx.organizations = {o.name: o for o in Organization.objects.all()}


def _users(ctx: DemoContext, password: str) -> None:
    hashed = make_password(password)
    users = [User(username=u, password=hashed, first_name=u.capitalize(), email=f"{u}@demo.invalid")
             for u, _org, _role in DEMO_USERS]
    User.objects.bulk_create(users)
    ctx.users = {u.username: u for u in User.objects.filter(username__in=[u for u, _o, _r in DEMO_USERS])}
    Membership.objects.bulk_create([
        Membership(user=ctx.users[u], organization=ctx.organizations[org], role=role) for u, org, role in DEMO_USERS
    ])


def _unused_code(ctx: DemoContext) -> str:
    # 30**8 codes: at a million survivors a repeat is likely (birthday bound), so draw again on one.
    while True:
        body = "".join(ctx.rng.choice(CODE_ALPHABET) for _ in range(8))
        code = f"S-{body[:4]}-{body[4:]}"
        if code not in ctx.issued_codes:
            ctx.issued_codes.add(code)
            return code


def _survivors_and_cases(ctx: DemoContext, count: int) -> None:
    holders = [ctx.organizations[name] for name in CASE_HOLDERS]
    managers = {"Hope Shelter": ctx.users["casemanager"], "Northern Social Services": ctx.users["casemanager2"],
                "Southern Women's Centre": None}
    batch = 5000
    for start in range(0, count, batch):
        profiles = [draw_profile(ctx.rng) for _ in range(min(batch, count - start))]
        survivors, cases = [], []
        for profile in profiles:
            org = holders[ctx.rng.randrange(len(holders))] if ctx.scale == "small" else holders[
                0 if ctx.rng.random() < 0.5 else ctx.rng.randrange(len(holders))]
            born = ctx.today.replace(year=ctx.today.year - profile.age) - dt.timedelta(days=ctx.rng.randrange(365))
            survivor = Survivor(
                code=_unused_code(ctx),
                organization=org,
                given_name=ctx.rng.choice(GIVEN[profile.sex]),
                family_name=ctx.rng.choice(FAMILY),
                birth_date=born.isoformat(),
                phone=f"+000 {ctx.rng.randrange(10**7):07d}",
                gender=Gender.FEMININE if profile.sex == "female" else Gender.MASCULINE,
                birth_year=born.year,
                nationality=profile.nationality,
                do_not_contact=ctx.rng.random() < 0.05,
            )
            refresh_blind_indexes(survivor)
            survivors.append(survivor)
            opened = ctx.today - dt.timedelta(days=ctx.rng.randrange(5 * 365))
            closed = ctx.rng.random() < 0.25
            cases.append(Case(
                organization=org, case_manager=managers[org.name], admin_area=org.admin_area, opened_on=opened,
                status=CaseStatus.CLOSED if closed else (
                    CaseStatus.FOLLOW_UP if opened < ctx.today - dt.timedelta(days=365) else CaseStatus.ACTIVE),
                closed_on=opened + dt.timedelta(days=ctx.rng.randrange(30, 900)) if closed else None,
            ))
        insert(survivors)
        for survivor, case in zip(survivors, cases, strict=True):
            case.survivor = survivor
        insert(cases)
        for case, profile in zip(cases, profiles, strict=True):
            ctx.case_ids.append(case.pk)
            ctx.profiles[case.pk] = profile
    # Give the counsellor a seat on a few Hope Shelter cases so their view is not empty.
    shelter_cases = Case.objects.filter(organization=ctx.organizations["Hope Shelter"]).order_by("id")[:5]
    for case in shelter_cases:
        case.team.add(ctx.users["counsellor"])


def _run_app_hooks(ctx: DemoContext, report: Callable[[str], None]) -> None:
    for config in apps.get_app_configs():
        if not config.name.startswith("reintegra."):
            continue
        try:
            module: Any = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        began = time.perf_counter()
        module.populate(ctx)
        report(f"{config.label} demo: {time.perf_counter() - began:.1f} s")


def generate(*, seed: int = 1, scale: str = "small", password: str, cases: int | None = None,
             progress: Callable[[str], None] | None = None) -> DemoContext:
    """`cases` overrides the scale's number of cases (every per-case slice follows); `progress`
    receives one line per step with its seconds."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}; choose one of {', '.join(SCALES)}.")
    ctx = DemoContext(rng=random.Random(seed), scale=scale, today=timezone.localdate(), case_count=cases)
    report = progress or (lambda line: None)
    with transaction.atomic():
        began = time.perf_counter()
        _organizations(ctx)
        _users(ctx, password)
        _survivors_and_cases(ctx, SCALES[scale] if cases is None else cases)
        report(f"survivors and cases: {time.perf_counter() - began:.1f} s")
        _run_app_hooks(ctx, report)
        audit.record(audit.Action.CREATE, actor=None, actor_label="demo", object_type="demo",
                     detail={"seed": seed, "scale": scale, "cases": len(ctx.case_ids)})
    return ctx
