"""Append-only, hash-chained audit trail.

`record()` is the only way entries are written. Each entry's hash covers its own fields and the
previous entry's hash; `verify_chain()` recomputes the chain and reports the first break.
The request context (user, address) is picked up from the current request when there is one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from reintegra.core.middleware import current_request_meta
from reintegra.core.models import AuditChainHead, AuditEvent, Organization

GENESIS = "0" * 64
Action = AuditEvent.Action


def _canonical(event: AuditEvent) -> bytes:
    payload = {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "organization": event.organization_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "ip_address": event.ip_address,
        "reason": event.reason,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode("utf-8")


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def record(
    action: str,
    *,
    actor: Any = None,
    organization: Organization | int | None = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    detail: dict[str, Any] | None = None,
    ip_address: str | None = None,
    actor_label: str | None = None,
) -> AuditEvent:
    meta = current_request_meta()
    if actor is None and meta.user is not None and meta.user.is_authenticated:
        actor = meta.user
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    org_id = organization.pk if isinstance(organization, Organization) else organization
    with transaction.atomic():
        head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head, _ = AuditChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS})
        event = AuditEvent(
            actor=actor,
            actor_label=actor_label if actor_label is not None else (actor.get_username() if actor else ""),
            organization_id=org_id,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            ip_address=ip_address if ip_address is not None else meta.ip_address,
            reason=reason,
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = compute_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, count=head.count + 1)
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(batch_size: int = 5000) -> ChainReport:
    previous = GENESIS
    checked = 0
    queryset = AuditEvent.objects.order_by("id")
    last_id = 0
    while True:
        batch = list(queryset.filter(id__gt=last_id)[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != previous:
                return ChainReport(False, checked, event.id, "entry does not follow the previous one")
            if compute_hash(event) != event.hash:
                return ChainReport(False, checked, event.id, "entry content does not match its hash")
            previous = event.hash
            checked += 1
            last_id = event.id
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        return ChainReport(False, checked, None, "the newest entries are missing (chain head differs)")
    return ChainReport(True, checked)
