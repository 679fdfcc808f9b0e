"""Which roles need a second administrator's approval before they take effect, and who may approve.

The rule is data: `second_approval_for` in core/data/permissions.yaml names permissions; every role
holding one of them in the merged matrix needs the second approval.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from reintegra.core.models import Organization
from reintegra.core.permissions import has_any_perm, has_org_perm, roles_with


@cache
def _guarded_permissions() -> tuple[str, ...]:
    path = resources.files("reintegra.core").joinpath("data", "permissions.yaml")
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(document.get("second_approval_for") or ())


def roles_needing_second_approval() -> frozenset[str]:
    return frozenset(role for perm in _guarded_permissions() for role in roles_with(perm))


def needs_second_approval(role: str) -> bool:
    return role in roles_needing_second_approval()


def is_system_admin(user: Any) -> bool:
    """System admins act across organisations (they approve for organisations with a single admin)."""
    return has_any_perm(user, "organization.manage_all")


def may_decide(user: Any, organization: Organization | int) -> bool:
    """May `user` approve or reject grant requests in `organization` (the four-eyes rule is checked
    separately: never the requester, never the person the role is for)."""
    return has_org_perm(user, "membership.manage", organization) or is_system_admin(user)
