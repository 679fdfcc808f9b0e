"""Matching survivors and opportunities, in both directions, with reasons.

The score (0–1) adds up five parts:
- occupation: the opportunity's ISCO-08 unit group against the occupations the person wants (goals,
  aspirations: full weight) or has held (0.8); a shared minor group counts 60 %, a sub-major 30 %;
- skills: the share of the opportunity's ESCO skills the person has (0.5 when none are listed);
- location: the opportunity lies in the case's area or one the person can work in;
- constraints: hours within what the person can work, literacy asked for not above theirs;
- stage: early in reintegration (crisis, stabilisation) only roles marked as suitable score here (3d item 6).
Closed, past-deadline and unvetted or register-listed employers' opportunities are never offered.

For one case the whole set of open opportunities is ranked from an in-memory numpy index, rebuilt
when `IndexVersion` changes; `score_one` is the readable reference the index must agree with.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.employment.models import Employer, IndexVersion, Opportunity

WEIGHTS = {"occupation": 0.40, "skills": 0.25, "location": 0.15, "constraints": 0.12, "stage": 0.08}
LITERACY_RANK = {"": 0, "none": 0, "basic": 1, "functional": 2, "proficient": 3}
EARLY_PHASES = ("crisis", "stabilisation")
NO_DEADLINE = 10**7


@dataclass(frozen=True)
class CaseFeatures:
    occupations: dict[str, float] = field(default_factory=dict)
    skills: frozenset[str] = frozenset()
    areas: frozenset[str] = frozenset()
    max_hours: int | None = None
    literacy: str = ""
    early_stage: bool = False


@dataclass(frozen=True)
class OpportunityFeatures:
    isco_code: str
    skills: frozenset[str]
    admin_area: str
    hours_per_week: int
    min_literacy: str
    suits_early_stage: bool


def case_features(case: Any) -> CaseFeatures:
    from reintegra.skills.models import CodedItem, GuidanceGoal, SkillsProfile

    profile = SkillsProfile.objects.filter(case=case).first()
    occupations: dict[str, float] = {}
    skills: set[str] = set()
    if profile is not None:
        for kind, code in CodedItem.objects.filter(profile=profile).values_list("kind", "code"):
            if kind == CodedItem.Kind.SKILL:
                skills.add(code)
            else:
                weight = 1.0 if kind == CodedItem.Kind.ASPIRATION else 0.8
                occupations[code] = max(occupations.get(code, 0.0), weight)
    for code in GuidanceGoal.objects.filter(case=case, status=GuidanceGoal.Status.ACTIVE).exclude(
            isco_code="").values_list("isco_code", flat=True):
        occupations[code] = 1.0
    areas = {case.admin_area} if case.admin_area else set()
    if profile is not None and profile.preferred_areas:
        areas |= {a.strip() for a in profile.preferred_areas.split(",") if a.strip()}
    return CaseFeatures(
        occupations=occupations, skills=frozenset(skills), areas=frozenset(areas),
        max_hours=profile.max_hours_per_week if profile else None, literacy=profile.literacy if profile else "",
        early_stage=getattr(case, "phase", "") in EARLY_PHASES,
    )


def _occupation_part(wanted: dict[str, float], code: str) -> tuple[float, str]:
    best, why = 0.0, ""
    for target, weight in wanted.items():
        for length, share in ((4, 1.0), (3, 0.6), (2, 0.3)):
            if code[:length] == target[:length] and len(code) >= length:
                if weight * share > best:
                    best, why = weight * share, target
                break
    return best, why


def score_one(person: CaseFeatures, job: OpportunityFeatures) -> tuple[float, list[str]]:
    """The score and the reasons for one pair (reference implementation)."""
    reasons: list[str] = []
    occupation, target = _occupation_part(person.occupations, job.isco_code)
    if occupation:
        reasons.append(_("occupation %(job)s close to %(wanted)s") % {"job": job.isco_code, "wanted": target})
    if job.skills:
        skills = len(job.skills & person.skills) / len(job.skills)
        if skills:
            reasons.append(_("has %(n)d of %(m)d skills asked") % {"n": len(job.skills & person.skills),
                                                                   "m": len(job.skills)})
    else:
        skills = 0.5
    location = 1.0 if job.admin_area in person.areas else 0.0
    reasons.append(_("in an area the person can reach") if location else _("outside the person's areas"))
    hours = 1.0
    if person.max_hours and job.hours_per_week > person.max_hours:
        hours = max(0.0, 1.0 - (job.hours_per_week - person.max_hours) / person.max_hours)
        reasons.append(_("%(h)d hours a week, more than the %(m)d available") % {"h": job.hours_per_week,
                                                                                 "m": person.max_hours})
    literacy = 1.0
    if LITERACY_RANK.get(job.min_literacy, 0) > LITERACY_RANK.get(person.literacy, 0):
        literacy = 0.5
        reasons.append(_("asks for more literacy than the person has now"))
    stage = 1.0 if (job.suits_early_stage or not person.early_stage) else 0.0
    if person.early_stage and job.suits_early_stage:
        reasons.append(_("suits an early stage of reintegration"))
    total = (WEIGHTS["occupation"] * occupation + WEIGHTS["skills"] * skills + WEIGHTS["location"] * location
             + WEIGHTS["constraints"] * hours * literacy + WEIGHTS["stage"] * stage)
    return round(total, 6), reasons


def _isco_int(code: str) -> int:
    return int(code) if code.isdigit() else -1


class OpportunityIndex:
    """Column arrays of every offerable opportunity."""

    def __init__(self, rows: list[tuple[Any, ...]], today: dt.date) -> None:
        self.built_on = today
        self.ids = np.array([r[0] for r in rows], dtype=np.int64)
        self.codes = [r[1] for r in rows]
        self.isco = np.array([_isco_int(r[1]) for r in rows], dtype=np.int32)
        self.area_names = sorted({r[2] for r in rows})
        area_index = {name: i for i, name in enumerate(self.area_names)}
        self.area = np.array([area_index[r[2]] for r in rows], dtype=np.int32)
        self.hours = np.array([r[3] for r in rows], dtype=np.float32)
        self.literacy = np.array([LITERACY_RANK.get(r[4], 0) for r in rows], dtype=np.int8)
        self.early = np.array([bool(r[5]) for r in rows], dtype=bool)
        self.deadline = np.array([r[6].toordinal() if r[6] else NO_DEADLINE for r in rows], dtype=np.int64)
        vocabulary: dict[str, int] = {}
        indices: list[int] = []
        owners: list[int] = []
        counts = np.zeros(len(rows), dtype=np.float32)
        for position, row in enumerate(rows):
            codes = {line.strip() for line in (row[7] or "").splitlines() if line.strip()}
            counts[position] = len(codes)
            for code in codes:
                indices.append(vocabulary.setdefault(code, len(vocabulary)))
                owners.append(position)
        self.vocabulary = vocabulary
        self.skill_index = np.array(indices, dtype=np.int32)
        self.skill_owner = np.array(owners, dtype=np.int64)
        self.skill_count = counts
        self.raw = {r[0]: r for r in rows}

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, person: CaseFeatures, today: dt.date) -> np.ndarray:
        n = len(self.ids)
        occupation = np.zeros(n, dtype=np.float32)
        for code, weight in person.occupations.items():
            target = _isco_int(code)
            if target < 0:
                continue
            part = np.where(self.isco == target, weight,
                            np.where(self.isco // 10 == target // 10, 0.6 * weight,
                                     np.where(self.isco // 100 == target // 100, 0.3 * weight, 0.0)))
            occupation = np.maximum(occupation, part)
        known = [self.vocabulary[s] for s in person.skills if s in self.vocabulary]
        if known and len(self.skill_index):
            hits = np.isin(self.skill_index, known)
            matched = np.bincount(self.skill_owner[hits], minlength=n).astype(np.float32)
        else:
            matched = np.zeros(n, dtype=np.float32)
        skills = np.where(self.skill_count > 0, matched / np.maximum(self.skill_count, 1), 0.5)
        areas = [i for i, name in enumerate(self.area_names) if name in person.areas]
        location = np.isin(self.area, areas).astype(np.float32)
        if person.max_hours:
            over = np.maximum(self.hours - person.max_hours, 0) / person.max_hours
            hours = np.clip(1.0 - over, 0.0, 1.0)
        else:
            hours = np.ones(n, dtype=np.float32)
        literacy = np.where(self.literacy > LITERACY_RANK.get(person.literacy, 0), 0.5, 1.0)
        stage = self.early.astype(np.float32) if person.early_stage else np.ones(n, dtype=np.float32)
        total = (WEIGHTS["occupation"] * occupation + WEIGHTS["skills"] * skills + WEIGHTS["location"] * location
                 + WEIGHTS["constraints"] * hours * literacy + WEIGHTS["stage"] * stage)
        return np.where(self.deadline >= today.toordinal(), total, -1.0)

    def top(self, person: CaseFeatures, limit: int = 20, today: dt.date | None = None) -> list[tuple[int, float]]:
        if not len(self.ids):
            return []
        scores = self.scores(person, today or timezone.localdate())
        limit = min(limit, len(scores))
        best = np.argpartition(-scores, limit - 1)[:limit]
        best = best[np.lexsort((self.ids[best], -scores[best]))]
        return [(int(self.ids[i]), round(float(scores[i]), 6)) for i in best if scores[i] >= 0]

    def features(self, opportunity_id: int) -> OpportunityFeatures:
        row = self.raw[opportunity_id]
        return OpportunityFeatures(row[1], frozenset(s.strip() for s in (row[7] or "").splitlines() if s.strip()),
                                   row[2], row[3], row[4], bool(row[5]))


INDEX_COLUMNS = ("id", "isco_code", "admin_area", "hours_per_week", "min_literacy", "suits_early_stage",
                 "deadline", "skills")


def offerable_opportunities():
    return Opportunity.objects.filter(
        status=Opportunity.Status.OPEN, employer__register_hit__isnull=True,
        employer__vetting__in=[Employer.Vetting.APPROVED, Employer.Vetting.CONDITIONS])


def build_index(today: dt.date | None = None) -> OpportunityIndex:
    rows = list(offerable_opportunities().values_list(*INDEX_COLUMNS))
    return OpportunityIndex(rows, today or timezone.localdate())


_cache: dict[str, Any] = {"version": None, "index": None}
_cache_lock = threading.Lock()


def current_index() -> OpportunityIndex:
    version = IndexVersion.objects.filter(pk=1).values_list("version", flat=True).first() or 0
    with _cache_lock:
        if _cache["version"] != version or _cache["index"] is None:
            _cache["index"], _cache["version"] = build_index(), version
        return _cache["index"]


@dataclass(frozen=True)
class Match:
    opportunity: Opportunity
    score: float
    reasons: list[str]


def opportunities_for_case(*, case: Any, limit: int = 20) -> list[Match]:
    """Best opportunities for a case the caller obtained through a scoped selector."""
    person = case_features(case)
    index = current_index()
    ranked = index.top(person, limit)
    objects = Opportunity.objects.select_related("employer").in_bulk([oid for oid, _score in ranked])
    return [Match(objects[oid], score, score_one(person, index.features(oid))[1])
            for oid, score in ranked if oid in objects]


@dataclass(frozen=True)
class Candidate:
    case: Any
    score: float
    reasons: list[str]


def candidates_for_opportunity(*, user: Any, opportunity: Opportunity, limit: int = 20) -> list[Candidate]:
    """Consenting survivors (matching consent recorded) among the cases `user` may see and place."""
    from reintegra.cases.selectors import cases_visible_to
    from reintegra.core.permissions import organizations_with

    orgs = organizations_with(user, "placement.manage")
    cases = cases_visible_to(user=user).filter(organization_id__in=orgs,
                                               skills_profile__matching_consent_on__isnull=False)
    job = OpportunityFeatures(opportunity.isco_code, frozenset(opportunity.skill_codes), opportunity.admin_area,
                              opportunity.hours_per_week, opportunity.min_literacy, opportunity.suits_early_stage)
    scored = []
    for case in cases[:2000]:
        score, reasons = score_one(case_features(case), job)
        scored.append(Candidate(case, score, reasons))
    scored.sort(key=lambda c: (-c.score, c.case.pk))
    return scored[:limit]
