"""Reads for monitoring. Aggregate roles never see case records: they get a *scope* (which
organisations and areas their statistics may cover) and the statistics module only ever returns
suppressed aggregates computed inside that scope. Plans are read through the same scoping."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from reintegra.core.models import Organization
from reintegra.core.permissions import memberships_with
from reintegra.monitoring.models import MEPlan


@dataclass(frozen=True)
class Scope:
    network: bool = False
    organization_ids: tuple[int, ...] = ()
    areas: tuple[tuple[int, str], ...] = ()  # (organisation, area) for area-limited memberships

    @property
    def is_empty(self) -> bool:
        return not (self.network or self.organization_ids or self.areas)

    def restricted_to(self, organization_id: int) -> Scope:
        """The part of this scope inside one organisation (empty when outside it)."""
        if self.network or organization_id in self.organization_ids:
            return Scope(organization_ids=(organization_id,))
        return Scope(areas=tuple(a for a in self.areas if a[0] == organization_id))


def statistics_scope(*, user: Any, perm: str = "monitoring.view_dashboard") -> Scope:
    memberships = list(memberships_with(user, perm))
    if not memberships:
        return Scope()
    if memberships_with(user, "monitoring.view_network").exists():
        return Scope(network=True)
    whole = tuple(sorted({m.organization_id for m in memberships if not m.area_scope}))
    areas = tuple(sorted({(m.organization_id, m.area_scope) for m in memberships
                          if m.area_scope and m.organization_id not in whole}))
    return Scope(organization_ids=whole, areas=areas)


def organizations_in(scope: Scope) -> QuerySet[Organization]:
    if scope.network:
        return Organization.objects.all()
    ids = set(scope.organization_ids) | {org for org, _area in scope.areas}
    return Organization.objects.filter(id__in=ids)


def plans_visible_to(*, user: Any) -> QuerySet[MEPlan]:
    scope = statistics_scope(user=user)
    if scope.is_empty:
        return MEPlan.objects.none()
    if scope.network:
        return MEPlan.objects.select_related("organization")
    ids = set(scope.organization_ids) | {org for org, _area in scope.areas}
    return MEPlan.objects.filter(organization_id__in=ids).select_related("organization")


def plan_get(*, user: Any, plan_id: int) -> MEPlan:
    try:
        return plans_visible_to(user=user).get(pk=plan_id)
    except (MEPlan.DoesNotExist, ValueError, TypeError):
        raise Http404("No such plan.") from None
