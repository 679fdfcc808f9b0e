"""Permission predicates for cases. Object checks apply on top of the selector's scoping."""

from __future__ import annotations

from typing import Any

import rules

from reintegra.cases.models import Case
from reintegra.core.permissions import has_org_perm


def _org(obj: Any) -> Any:
    return obj.organization_id if isinstance(obj, Case) else obj


@rules.predicate
def can_create_case(user: Any, organization: Any = None) -> bool:
    return organization is not None and has_org_perm(user, "case.create", _org(organization))


@rules.predicate
def can_change_case(user: Any, case: Case | None = None) -> bool:
    return case is not None and has_org_perm(user, "case.change", case.organization_id)


@rules.predicate
def can_view_identity(user: Any, case: Case | None = None) -> bool:
    return case is not None and has_org_perm(user, "survivor.view_identity", case.organization_id)


@rules.predicate
def can_break_glass(user: Any, case: Case | None = None) -> bool:
    return case is not None and has_org_perm(user, "case.break_glass", case.organization_id)


rules.add_perm("reintegra.case.create", can_create_case)
rules.add_perm("reintegra.case.change", can_change_case)
rules.add_perm("reintegra.survivor.view_identity", can_view_identity)
rules.add_perm("reintegra.case.break_glass", can_break_glass)


def org_permissions(user: Any, organization_id: int) -> frozenset[str]:
    """Every permission `user` holds in one organisation (one query), for pages that check many."""
    from reintegra.core.models import Membership
    from reintegra.core.permissions import matrix

    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    roles = Membership.objects.active().filter(user=user, organization_id=organization_id).values_list(
        "role", flat=True)
    table = matrix()
    return frozenset(perm for role in roles for perm in table.get(role, ()))
