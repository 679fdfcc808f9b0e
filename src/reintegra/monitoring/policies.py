"""Permission predicates for monitoring (aggregates only)."""

from __future__ import annotations

from typing import Any

import rules

from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.monitoring.models import MEPlan


def _org(obj: Any) -> Any:
    return obj.organization_id if isinstance(obj, MEPlan) else obj


@rules.predicate
def can_view_dashboard(user: Any, organization: Any = None) -> bool:
    if organization is None:
        return has_any_perm(user, "monitoring.view_dashboard")
    return has_org_perm(user, "monitoring.view_dashboard", _org(organization))


@rules.predicate
def can_manage_plan(user: Any, organization: Any = None) -> bool:
    if organization is None:
        return has_any_perm(user, "monitoring.manage_plan")
    return has_org_perm(user, "monitoring.manage_plan", _org(organization))


@rules.predicate
def can_export(user: Any, organization: Any = None) -> bool:
    return has_any_perm(user, "monitoring.export")


@rules.predicate
def can_release(user: Any, organization: Any = None) -> bool:
    return has_any_perm(user, "monitoring.release")


rules.add_perm("reintegra.monitoring.view_dashboard", can_view_dashboard)
rules.add_perm("reintegra.monitoring.manage_plan", can_manage_plan)
rules.add_perm("reintegra.monitoring.export", can_export)
rules.add_perm("reintegra.monitoring.release", can_release)
