"""Reads of National Action Plans and the figures of their dashboard."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from reintegra.core.permissions import has_org_perm, organizations_with
from reintegra.planning import reference
from reintegra.planning.models import NationalActionPlan, Pillar

TRACKING_STATES = ("on_track", "late", "done", "cancelled")


def plans_visible_to(*, user: Any) -> QuerySet[NationalActionPlan]:
    """Plans held by the user's organisations, and plans naming those organisations as partners."""
    org_ids = organizations_with(user, "nap.view")
    if not org_ids:
        return NationalActionPlan.objects.none()
    ids = NationalActionPlan.objects.filter(
        Q(organization_id__in=org_ids) | Q(activities__partners__id__in=org_ids)).values("id")
    return NationalActionPlan.objects.filter(id__in=ids).select_related("organization")


def plan_get(*, user: Any, plan_id: Any) -> NationalActionPlan:
    try:
        return plans_visible_to(user=user).get(pk=int(plan_id))
    except (NationalActionPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such action plan.") from None


def can_edit(user: Any, plan: NationalActionPlan) -> bool:
    return has_org_perm(user, "nap.change", plan.organization_id)


def can_report(user: Any, plan: NationalActionPlan) -> bool:
    return has_org_perm(user, "nap.report", plan.organization_id)


def legal_refs_labelled(ref_ids: list[str]) -> list[dict[str, str]]:
    known = reference.legal_references()
    return [known[ref_id] for ref_id in ref_ids if ref_id in known]


def theory_of_change(plan: NationalActionPlan) -> list[dict[str, Any]]:
    """Goal → outcomes (objectives, by P) → outputs → activities, as nested dicts in plan order."""
    tree = []
    objectives = plan.objectives.prefetch_related("outputs__activities__partners", "indicators")
    for pillar in Pillar:
        tree.append({
            "pillar": pillar,
            "objectives": [
                {"objective": objective, "refs": legal_refs_labelled(objective.legal_refs),
                 "outputs": [{"output": output, "activities": list(output.activities.all())}
                             for output in objective.outputs.all()]}
                for objective in objectives if objective.pillar == pillar.value
            ],
        })
    return tree


def dashboard(plan: NationalActionPlan, today: dt.date | None = None) -> dict[str, Any]:
    """Activities by P and tracking state, indicator progress, and partners' contributions."""
    today = today or timezone.localdate()
    by_pillar: dict[str, dict[str, int]] = {p.value: dict.fromkeys(TRACKING_STATES, 0) for p in Pillar}
    partners: dict[int, dict[str, Any]] = {}
    budget_by_pillar: dict[str, Decimal] = defaultdict(Decimal)
    activities = plan.activities.select_related("output__objective").prefetch_related("partners", "action_points")
    for activity in activities:
        pillar = activity.output.objective.pillar
        state = activity.tracking(today)
        by_pillar[pillar][state] += 1
        budget_by_pillar[pillar] += activity.budget or Decimal(0)
        for partner in activity.partners.all():
            entry = partners.setdefault(partner.pk, {"organization": partner, "activities": 0, "done": 0,
                                                     "late": 0, "budget": Decimal(0)})
            entry["activities"] += 1
            entry["done"] += state == "done"
            entry["late"] += state == "late"
            entry["budget"] += activity.budget or Decimal(0)
    indicators = []
    for indicator in plan.indicators.select_related("objective").prefetch_related("values"):
        values = list(indicator.values.all())
        indicators.append({"indicator": indicator, "latest": values[-1] if values else None,
                           "progress": indicator.progress(), "values": values})
    return {
        "today": today,
        "by_pillar": by_pillar,
        "pillar_rows": [{"pillar": p.value, "label": p.label, **by_pillar[p.value]} for p in Pillar],
        "budget_by_pillar": dict(budget_by_pillar),
        "indicators": indicators,
        "partners": sorted(partners.values(), key=lambda e: (-e["activities"], e["organization"].name)),
        "totals": {state: sum(row[state] for row in by_pillar.values()) for state in TRACKING_STATES},
    }
