"""Request-scoped context: who is acting and from where (for audit), and the active organisation."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class RequestMeta:
    user: Any = None
    ip_address: str = ""


_EMPTY = RequestMeta()
_current: contextvars.ContextVar[RequestMeta | None] = contextvars.ContextVar("reintegra_request", default=None)


def current_request_meta() -> RequestMeta:
    return _current.get() or _EMPTY


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _current.set(RequestMeta(user=getattr(request, "user", None), ip_address=client_ip(request)))
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


class ActiveOrganizationMiddleware:
    """Expose `request.active_membership`: the membership chosen in the organisation switcher."""

    SESSION_KEY = "active_membership_id"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.active_membership = None  # type: ignore[attr-defined]
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from reintegra.core.models import Membership

            memberships = list(
                Membership.objects.active().filter(user=user).select_related("organization").order_by("id")
            )
            chosen_id = request.session.get(self.SESSION_KEY)
            chosen = next((m for m in memberships if m.id == chosen_id), None)
            request.memberships = memberships  # type: ignore[attr-defined]
            request.active_membership = chosen or (memberships[0] if memberships else None)  # type: ignore[attr-defined]
        return self.get_response(request)
