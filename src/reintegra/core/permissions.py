"""The role -> permission matrix (data) and the predicates built on it. Deny by default.

Each app may ship `data/permissions.yaml` ({roles: {role: [perm, ...]}}); all are merged.
A permission is held *in an organisation*, through an active, unexpired membership.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from importlib import resources
from typing import Any

import rules
import yaml
from django.apps import apps

from reintegra.core.models import Membership, Organization, Role


@cache
def matrix() -> dict[str, frozenset[str]]:
    merged: dict[str, set[str]] = defaultdict(set)
    for config in apps.get_app_configs():
        if not config.name.startswith("reintegra."):
            continue
        path = resources.files(config.name).joinpath("data", "permissions.yaml")
        if not path.is_file():
            continue
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for role, perms in (document.get("roles") or {}).items():
            if role not in Role.values:
                raise ValueError(f"{config.name}/data/permissions.yaml names unknown role {role!r}")
            merged[role].update(perms or [])
    return {role: frozenset(merged.get(role, ())) for role in Role.values}


def all_permissions() -> list[str]:
    return sorted({p for perms in matrix().values() for p in perms})


def role_has(role: str, perm: str) -> bool:
    return perm in matrix().get(role, frozenset())


def roles_with(perm: str) -> list[str]:
    return [role for role, perms in matrix().items() if perm in perms]


def memberships_with(user: Any, perm: str):
    """Active memberships of `user` whose role grants `perm` (a queryset; empty if anonymous)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.active().filter(user=user, role__in=roles_with(perm))


def permission_set(user: Any) -> frozenset[str]:
    """Every permission `user` holds in any organisation (one query)."""
    roles = memberships_with_any_role(user)
    return frozenset(p for role in roles for p in matrix().get(role, frozenset()))


def memberships_with_any_role(user: Any) -> set[str]:
    if user is None or not user.is_authenticated or not user.is_active:
        return set()
    return set(Membership.objects.active().filter(user=user).values_list("role", flat=True))


def has_org_perm(user: Any, perm: str, organization: Organization | int | None) -> bool:
    if organization is None:
        return False
    org_id = organization.pk if isinstance(organization, Organization) else organization
    return memberships_with(user, perm).filter(organization_id=org_id).exists()


def has_any_perm(user: Any, perm: str) -> bool:
    return memberships_with(user, perm).exists()


def organizations_with(user: Any, perm: str) -> list[int]:
    return list(memberships_with(user, perm).values_list("organization_id", flat=True).distinct())


def org_perm_predicate(perm: str):
    @rules.predicate(name=f"org_perm:{perm}")
    def predicate(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return has_any_perm(user, perm)
        org = obj if isinstance(obj, Organization) else getattr(obj, "organization_id", None)
        return has_org_perm(user, perm, org)

    return predicate


for _perm in ("audit.view", "membership.manage", "organization.change", "stats.view_aggregate"):
    rules.add_perm(f"reintegra.{_perm}", org_perm_predicate(_perm))
