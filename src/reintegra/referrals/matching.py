"""Rank services for a case by fit, with the reasons for each rank.

The directory is kept as numpy columns (built once per process, rebuilt when the directory
changes), so scoring 100,000 services is a handful of vector operations. Hard rules (open, accepts
referrals, age, sex, legal residence) exclude; everything else adds points:

    type fits a need 0–40 · same area 20 · shared language 15 (7 if unknown) · supports covered 0–10
    · target group 5 · places free 5 (none free -10) · waiting time 0 to -5 · trauma-informed 3
    · provider completion record 0–5
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from reintegra.core.reference import load_yaml, organization_types
from reintegra.directory import attributes
from reintegra.directory.models import Service, ServiceStatus
from reintegra.directory.selectors import directory_version
from reintegra.referrals.models import Referral, Status

TYPE_CODES = [t["code"] for t in organization_types()]
SEX = {"any": 0, "female": 1, "male": 2}
WEIGHTS = {"type": 40.0, "area": 20.0, "language": 15.0, "language_unknown": 7.0, "supports": 10.0, "target": 5.0,
           "places": 5.0, "full": -10.0, "waiting": -5.0, "trauma": 3.0, "record": 5.0}


@cache
def _mapping() -> dict[str, Any]:
    return load_yaml("reintegra.referrals", "need_service_types.yaml")


@dataclass
class Profile:
    """What matching needs to know about the person (no identity)."""

    age: int | None = None
    sex: str = "any"  # female / male / any
    area: str = ""
    languages: set[str] = field(default_factory=set)
    needs: list[str] = field(default_factory=list)  # needs dimensions, most pressing first
    supports: set[str] = field(default_factory=set)
    target_groups: set[str] = field(default_factory=set)
    legal_residence: bool = True

    def wanted_types(self) -> dict[str, float]:
        """Service type -> fit in (0, 1]: earlier needs and better-fitting types score higher."""
        fit: dict[str, float] = {}
        for rank, need in enumerate(self.needs):
            for position, code in enumerate(_mapping()["needs"].get(need, [])):
                value = (1.0 - 0.1 * min(rank, 5)) * (1.0 - 0.15 * position)
                fit[code] = max(fit.get(code, 0.0), value)
        return fit

    def wanted_supports(self) -> set[str]:
        extra = {s for need in self.needs for s in _mapping()["supports"].get(need, [])}
        return set(self.supports) | extra


class ServiceIndex:
    def __init__(self, rows: list[tuple], record: dict[int, float]) -> None:
        n = len(rows)
        self.ids = [str(r[0]) for r in rows]
        self.names = [r[1] for r in rows]
        self.provider_ids = [r[2] for r in rows]
        self.areas: dict[str, int] = {}
        self.languages: dict[str, int] = {}
        self.type_idx = np.full(n, -1, dtype=np.int16)
        self.area_idx = np.full(n, -1, dtype=np.int32)
        self.min_age = np.zeros(n, dtype=np.int16)
        self.max_age = np.full(n, 200, dtype=np.int16)
        self.sex = np.zeros(n, dtype=np.int8)
        self.flags = np.zeros(n, dtype=np.int64)
        self.lang = np.zeros(n, dtype=np.int64)
        self.legal = np.zeros(n, dtype=bool)
        self.places = np.full(n, -1, dtype=np.int32)
        self.waiting = np.full(n, -1, dtype=np.int32)
        self.record = np.full(n, 0.5, dtype=np.float32)
        type_pos = {code: i for i, code in enumerate(TYPE_CODES)}
        for i, (_id, _name, _prov, stype, area, lo, hi, sex, flags, langs, legal, places, waiting, member) in \
                enumerate(rows):
            self.type_idx[i] = type_pos.get(stype, -1)
            self.area_idx[i] = self.areas.setdefault(area, len(self.areas)) if area else -1
            self.min_age[i] = lo or 0
            self.max_age[i] = hi if hi is not None else 200
            self.sex[i] = SEX.get(sex, 0)
            self.flags[i] = flags
            self.lang[i] = self._language_bits(langs)
            self.legal[i] = legal
            self.places[i] = -1 if places is None else places
            self.waiting[i] = -1 if waiting is None else waiting
            if member in record:
                self.record[i] = record[member]

    def _language_bits(self, codes: str, grow: bool = True) -> int:
        bits = 0
        for code in (c.strip().lower() for c in codes.split(",") if c.strip()):
            position = self.languages.get(code)
            if position is None and grow and len(self.languages) < 63:
                position = self.languages[code] = len(self.languages)
            if position is not None:
                bits |= 1 << position
        return bits

    def __len__(self) -> int:
        return len(self.ids)


_cache: dict[str, Any] = {"key": None, "index": None, "checked": 0.0, "version": None}
FRESHNESS_SECONDS = 30  # other processes' changes are picked up within this time


def reset_cache() -> None:
    _cache.update(key=None, index=None, checked=0.0, version=None)


def provider_records() -> dict[int, float]:
    """Completion rate of each recipient organisation, over referrals it accepted (0.5 if too few)."""
    rows = (Referral.objects.filter(status__in=[Status.COMPLETED, Status.CANCELLED, Status.IN_PROGRESS])
            .values("recipient_id").annotate(total=Count("id"), done=Count("id", filter=Q(status=Status.COMPLETED))))
    return {r["recipient_id"]: r["done"] / r["total"] for r in rows if r["total"] >= 5}


def service_index(queryset: Any = None) -> ServiceIndex:
    """The cached index. Changes made through the directory services in this process are seen at
    once (directory_version); others within FRESHNESS_SECONDS, when the table summary is rechecked."""
    base = queryset if queryset is not None else Service.objects.filter(status=ServiceStatus.ACTIVE,
                                                                        accepts_referrals=True)
    now = time.monotonic()
    if (queryset is None and _cache["index"] is not None and _cache["version"] == directory_version()
            and now - _cache["checked"] < FRESHNESS_SECONDS):
        return _cache["index"]
    summary = base.aggregate(n=Count("id"), latest=Max("last_modified"))
    key = (str(base.query), summary["n"], summary["latest"])
    _cache.update(checked=now, version=directory_version())
    if _cache["key"] != key:
        rows = list(base.values_list("id", "name", "provider_id", "service_type", "admin_area", "minimum_age",
                                     "maximum_age", "sex_eligibility", "flags", "language_codes",
                                     "requires_legal_residence", "places_available", "waiting_days",
                                     "provider__member_id"))
        _cache.update(key=key, index=ServiceIndex(rows, provider_records()))
    return _cache["index"]


@dataclass
class Match:
    service_id: str
    name: str
    score: float
    reasons: list[str]


def score(index: ServiceIndex, profile: Profile) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    n = len(index)
    parts: dict[str, np.ndarray] = {}
    ok = np.ones(n, dtype=bool)
    if profile.age is not None:
        ok &= (index.min_age <= profile.age) & (index.max_age >= profile.age)
    if profile.sex in ("female", "male"):
        ok &= (index.sex == 0) | (index.sex == SEX[profile.sex])
    if not profile.legal_residence:
        ok &= ~index.legal
    type_fit = np.zeros(len(TYPE_CODES) + 1, dtype=np.float32)  # last slot: no type
    for code, value in profile.wanted_types().items():
        if code in TYPE_CODES:
            type_fit[TYPE_CODES.index(code)] = value
    parts["type"] = WEIGHTS["type"] * type_fit[index.type_idx]
    area = index.areas.get(profile.area, -2)
    parts["area"] = np.where(index.area_idx == area, WEIGHTS["area"], 0.0)
    person_lang = index._language_bits(",".join(profile.languages), grow=False)
    if profile.languages:
        parts["language"] = np.where((index.lang & person_lang) != 0, WEIGHTS["language"], 0.0)
    else:
        parts["language"] = np.full(n, WEIGHTS["language_unknown"])
    supports = profile.wanted_supports()
    if supports:
        covered = np.zeros(n, dtype=np.float32)
        for code in supports:
            covered += (index.flags & attributes.mask([code])) != 0
        parts["supports"] = WEIGHTS["supports"] * covered / len(supports)
    groups = attributes.mask(list(profile.target_groups)) if profile.target_groups else 0
    parts["target"] = np.where((index.flags & groups) != 0, WEIGHTS["target"], 0.0) if groups else np.zeros(n)
    parts["places"] = np.where(index.places > 0, WEIGHTS["places"], np.where(index.places == 0, WEIGHTS["full"], 0.0))
    parts["waiting"] = np.where(index.waiting > 0, WEIGHTS["waiting"] * np.minimum(index.waiting / 60.0, 1.0), 0.0)
    parts["trauma"] = np.where((index.flags & attributes.mask(["trauma_informed"])) != 0, WEIGHTS["trauma"], 0.0)
    parts["record"] = WEIGHTS["record"] * index.record
    total = np.zeros(n, dtype=np.float32)
    for values in parts.values():
        total += values
    total = np.where(ok, total, -np.inf)
    return total, parts


def _points(value: float, digits: int = 0) -> str:
    return f"{value:+.{digits}f}"


def _reasons(index: ServiceIndex, i: int, parts: dict[str, np.ndarray], profile: Profile) -> list[str]:
    reasons = []
    if parts["type"][i] > 0:
        code = TYPE_CODES[index.type_idx[i]]
        needs = [n for n in profile.needs if code in _mapping()["needs"].get(n, [])]
        reasons.append(_("type %(type)s answers need: %(needs)s (%(points)s)")
                       % {"type": code, "needs": ", ".join(needs), "points": _points(parts["type"][i])})
    if parts["area"][i] > 0:
        reasons.append(_("in the person's area %(area)s (%(points)s)")
                       % {"area": profile.area, "points": _points(parts["area"][i])})
    if profile.languages and parts["language"][i] > 0:
        reasons.append(_("speaks %(languages)s (%(points)s)")
                       % {"languages": ", ".join(sorted(profile.languages)), "points": _points(parts["language"][i])})
    elif profile.languages:
        reasons.append(_("no shared language listed"))
    if "supports" in parts:
        got = [c for c in sorted(profile.wanted_supports()) if index.flags[i] & attributes.mask([c])]
        missing = sorted(profile.wanted_supports() - set(got))
        if got:
            reasons.append(_("offers %(supports)s (%(points)s)")
                           % {"supports": ", ".join(got), "points": _points(parts["supports"][i], 1)})
        if missing:
            reasons.append(_("does not list %(supports)s") % {"supports": ", ".join(missing)})
    if parts["target"][i] > 0:
        served = [g for g in sorted(profile.target_groups) if index.flags[i] & attributes.mask([g])]
        reasons.append(_("serves %(groups)s (%(points)s)")
                       % {"groups": ", ".join(served), "points": _points(WEIGHTS["target"])})
    if index.places[i] > 0:
        reasons.append(_("%(n)s places free (%(points)s)")
                       % {"n": index.places[i], "points": _points(WEIGHTS["places"])})
    elif index.places[i] == 0:
        reasons.append(_("no places free now (%(points)s)") % {"points": _points(WEIGHTS["full"])})
    if index.waiting[i] > 0:
        reasons.append(_("waiting time %(days)s days (%(points)s)")
                       % {"days": index.waiting[i], "points": _points(parts["waiting"][i], 1)})
    if parts["trauma"][i] > 0:
        reasons.append(_("trauma-informed (%(points)s)") % {"points": _points(WEIGHTS["trauma"])})
    reasons.append(_("provider completion record %(rate)s (%(points)s)")
                   % {"rate": f"{index.record[i]:.0%}", "points": _points(parts["record"][i], 1)})
    return reasons


def exclusions(profile: Profile, index: ServiceIndex | None = None) -> dict[str, int]:
    """How many open services each hard rule leaves out (a service may fail several)."""
    index = index or service_index()
    counts = {}
    if profile.age is not None:
        counts["age"] = int((~((index.min_age <= profile.age) & (index.max_age >= profile.age))).sum())
    if profile.sex in ("female", "male"):
        counts["sex"] = int((~((index.sex == 0) | (index.sex == SEX[profile.sex]))).sum())
    if not profile.legal_residence:
        counts["legal_residence"] = int(index.legal.sum())
    return {rule: n for rule, n in counts.items() if n}


def rank(profile: Profile, *, limit: int = 10, index: ServiceIndex | None = None) -> list[Match]:
    index = index or service_index()
    if not len(index):
        return []
    total, parts = score(index, profile)
    eligible = int(np.isfinite(total).sum())
    k = min(limit, eligible)
    if k == 0:
        return []
    top = np.argpartition(-total, k - 1)[:k]
    top = top[np.lexsort((top, -total[top]))]
    return [Match(index.ids[i], index.names[i], round(float(total[i]), 1), _reasons(index, i, parts, profile))
            for i in top]


def _goal_needs(case: Any) -> list[str]:
    """Needs implied by the open goals of the reintegration plan, in the plan's order."""
    plan = getattr(case, "plan", None) if hasattr(case, "plan") else None
    if plan is None:
        return []
    goals = _mapping().get("goals", {})
    areas = plan.goals.exclude(status__in=["achieved", "dropped"]).order_by("id").values_list("area", flat=True)
    return [goals[a] for a in areas if a in goals]


def profile_for_case(case: Any, today: dt.date | None = None) -> Profile:
    """Build the matching profile from the case, the survivor's attributes and the latest needs."""
    survivor = case.survivor
    today = today or dt.date.today()
    age = today.year - survivor.birth_year if survivor.birth_year else None
    sex = {"Feminine": "female", "TransgenderFeminine": "female", "Masculine": "male",
           "TransgenderMasculine": "male"}.get(survivor.gender, "any")
    groups = {"victims_only"}
    if sex == "female":
        groups.add("women")
    if age is not None and age < 18:
        groups.add("children")
    if survivor.nationality and survivor.nationality != case.organization.country:
        groups.add("migrants")
    needs: list[str] = []
    supports: set[str] = set()
    assessment = case.needs_assessments.order_by("-id").first() if hasattr(case, "needs_assessments") else None
    if assessment is not None:
        needs = list(dict.fromkeys(n.dimension for n in assessment.needs.order_by("horizon", "id") if n.dimension))
        if getattr(assessment, "needs_childcare", False):
            supports.add("childcare")
        if getattr(assessment, "needs_transport", False):
            supports.add("transport")
    for goal_need in _goal_needs(case):
        if goal_need not in needs:
            needs.append(goal_need)
    return Profile(age=age, sex=sex, area=case.admin_area, languages=set(filter(None, survivor.languages.split(","))),
                   needs=needs, supports=supports, target_groups=groups,
                   legal_residence="migration_status" not in needs)
