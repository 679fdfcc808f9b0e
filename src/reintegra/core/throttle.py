"""Login throttling, counted from the audit trail so it holds across processes and restarts.

Per account: LOGIN_MAX_FAILURES failures in the window lock it for the rest of the window.
Per address the allowance is four times larger, because an office shares one address.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from reintegra.core.models import AuditEvent

IP_ALLOWANCE_FACTOR = 4


def login_blocked(*, username: str, ip_address: str) -> bool:
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    failures = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, at__gte=since)
    limit = settings.LOGIN_MAX_FAILURES
    if failures.filter(actor_label=username[:150]).count() >= limit:
        return True
    return bool(ip_address) and failures.filter(ip_address=ip_address).count() >= limit * IP_ALLOWANCE_FACTOR
