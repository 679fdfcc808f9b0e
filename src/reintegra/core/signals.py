"""Audit of logins and logouts (the only signal handlers: authentication happens in Django)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from reintegra.core import audit


def _ip(request: Any) -> str | None:
    from reintegra.core.middleware import client_ip

    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit.record(audit.Action.LOGIN, actor=user, object_type="core.user", object_id=user.pk, ip_address=_ip(request))


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit.record(audit.Action.LOGOUT, actor=user, object_type="core.user", object_id=user.pk,
                 ip_address=_ip(request))


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        audit.Action.LOGIN_FAILED,
        actor=None,
        actor_label=username,
        object_type="core.user",
        ip_address=_ip(request),
    )
