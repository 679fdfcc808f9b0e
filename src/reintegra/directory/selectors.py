"""Reads of the directory. Directory data is about providers, not survivors: members may read it."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Q, QuerySet

from reintegra.core.permissions import has_any_perm
from reintegra.directory import attributes
from reintegra.directory.models import Provider, Service, ServiceStatus

_version = [0]


def directory_version() -> int:
    """Bumped by every directory write in this process, so cached indexes know to rebuild."""
    return _version[0]


def directory_changed() -> None:
    _version[0] += 1


def services_filtered(*, area: str = "", service_type: str = "", query: str = "", supports: list[str] | None = None,
                      target_group: str = "", active_only: bool = True) -> QuerySet[Service]:
    services = Service.objects.select_related("provider")
    if active_only:
        services = services.filter(status=ServiceStatus.ACTIVE)
    if area:
        services = services.filter(Q(admin_area=area) | Q(service_areas__name=area)).distinct()
    if service_type:
        services = services.filter(service_type=service_type)
    if query:
        services = services.filter(Q(name__icontains=query) | Q(description__icontains=query)
                                   | Q(provider__name__icontains=query))
    wanted = attributes.mask([*(supports or []), *([target_group] if target_group else [])])
    if wanted:
        services = services.alias(wanted_flags=F("flags").bitand(wanted)).filter(wanted_flags=wanted)
    return services


def services_visible_to(*, user: Any, **filters: Any) -> QuerySet[Service]:
    if not has_any_perm(user, "directory.view"):
        return Service.objects.none()
    return services_filtered(**filters)


def providers_visible_to(*, user: Any) -> QuerySet[Provider]:
    if not has_any_perm(user, "directory.view"):
        return Provider.objects.none()
    return Provider.objects.all()
