"""Rank training programmes (training app) for a case, with the same kind of reasons as services.

Programmes are far fewer than directory services, so they are scored in Python:
    kind fits a need 0–40 · same area 20 · language of instruction 15 (7 if unknown)
    · reserved for victims +5 · seats left 5 (none -10) · provider completion record 0–5
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from reintegra.referrals.matching import WEIGHTS, Match, Profile, _points, provider_records

# needs dimension -> {programme kind: fit}
KIND_FIT: dict[str, dict[str, float]] = {
    "skills": {"vocational": 1.0, "core": 0.7},
    "experience": {"vocational": 0.8, "core": 0.8},
    "job_readiness": {"core": 1.0, "vocational": 0.7},
    "education": {"foundational": 1.0},
    "financial_literacy": {"foundational": 0.7},
    "labour_rights": {"workers_rights": 1.0},
    "work_contracts": {"workers_rights": 0.8},
}


def _kind_fit(profile: Profile, kind: str) -> tuple[float, list[str]]:
    best, needs = 0.0, []
    for rank, need in enumerate(profile.needs):
        fit = KIND_FIT.get(need, {}).get(kind, 0.0) * (1.0 - 0.1 * min(rank, 5))
        if fit > 0:
            needs.append(need)
        best = max(best, fit)
    return best, needs


def rank_programmes(profile: Profile, *, limit: int = 10) -> list[tuple[Match, Any]]:
    try:
        from reintegra.training.models import Programme
        from reintegra.training.selectors import seats_left
    except ImportError:
        return []
    records = provider_records()
    scored: list[tuple[float, int, Match, Any]] = []
    for programme in Programme.objects.filter(is_active=True).select_related("organization"):
        points, reasons = 0.0, []
        fit, needs = _kind_fit(profile, programme.kind)
        if fit:
            points += WEIGHTS["type"] * fit
            reasons.append(_("%(kind)s answers need: %(needs)s (%(points)s)")
                           % {"kind": programme.get_kind_display(), "needs": ", ".join(needs),
                              "points": _points(WEIGHTS["type"] * fit)})
        if programme.admin_area and programme.admin_area == profile.area:
            points += WEIGHTS["area"]
            reasons.append(_("in the person's area %(area)s (%(points)s)")
                           % {"area": profile.area, "points": _points(WEIGHTS["area"])})
        if not profile.languages or not programme.language:
            points += WEIGHTS["language_unknown"]
        elif programme.language.lower() in profile.languages:
            points += WEIGHTS["language"]
            reasons.append(_("taught in %(language)s (%(points)s)")
                           % {"language": programme.language, "points": _points(WEIGHTS["language"])})
        else:
            reasons.append(_("taught in %(language)s, which the person is not known to speak")
                           % {"language": programme.language})
        if programme.open_to == Programme.OpenTo.VICTIMS:
            points += WEIGHTS["target"]
            reasons.append(_("reserved for victims and survivors (%(points)s)")
                           % {"points": _points(WEIGHTS["target"])})
        seats = seats_left(programme)
        if seats > 0:
            points += WEIGHTS["places"]
            reasons.append(_("%(n)s seats left (%(points)s)") % {"n": seats, "points": _points(WEIGHTS["places"])})
        else:
            points += WEIGHTS["full"]
            reasons.append(_("no seats left (%(points)s)") % {"points": _points(WEIGHTS["full"])})
        record = records.get(programme.organization_id, 0.5)
        points += WEIGHTS["record"] * record
        reasons.append(_("provider completion record %(rate)s (%(points)s)")
                       % {"rate": f"{record:.0%}", "points": _points(WEIGHTS["record"] * record, 1)})
        scored.append((points, programme.pk, Match(str(programme.pk), programme.name, round(points, 1), reasons),
                       programme))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(match, programme) for _p, _id, match, programme in scored[:limit]]
