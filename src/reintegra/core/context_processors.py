"""Navigation and organisation switcher for every page.

Apps add menu entries by giving their AppConfig a `nav_items` list of
(url name, label, permission or None); an entry is shown when the user holds the permission in
any organisation.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from reintegra.core.permissions import permission_set


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    held = permission_set(user)
    configs = sorted(apps.get_app_configs(), key=lambda c: getattr(c, "nav_order", 50))
    for config in configs:
        for url_name, label, perm in getattr(config, "nav_items", []):
            if perm and perm not in held:
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"url": url, "label": label, "current": request.path.startswith(url) and url != "/"})
    return {
        "nav_items": items,
        "memberships": getattr(request, "memberships", []),
        "active_membership": getattr(request, "active_membership", None),
    }
