"""The mentor and coach register: add and edit (holders of `mentor.manage` in the organisation).
The audit trail names the fields changed, never the name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm
from reintegra.employment.models import Mentor

MENTOR_FIELDS = ("name", "kind", "peer_survivor", "trained_on", "training", "active")


def mentor_errors(*, name: str, kind: str, trained_on: dt.date | None, training: str, today: dt.date
                  ) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Enter the mentor's or coach's name.")
    elif len(name) > 200:
        errors["name"] = _("Keep the name under 200 characters.")
    if kind not in Mentor.Kind.values:
        errors["kind"] = _("Choose mentor or coach.")
    if trained_on is not None and trained_on > today:
        errors["trained_on"] = _("The training completion date cannot be in the future.")
    if trained_on is not None and not training.strip():
        errors["training"] = _("Say which training was completed.")
    if training.strip() and trained_on is None:
        errors["trained_on"] = _("Enter when the training was completed (leave both empty if not trained yet).")
    return errors


def _check(fields: dict[str, Any]) -> None:
    if set(fields) - set(MENTOR_FIELDS):
        raise ValidationError(_("Unknown mentor fields."))
    errors = mentor_errors(name=str(fields.get("name", "")), kind=str(fields.get("kind", "")),
                           trained_on=fields.get("trained_on"), training=str(fields.get("training", "")),
                           today=timezone.localdate())
    if errors:
        raise ValidationError(errors)


def mentor_create(*, actor: Any, organization: Organization, **fields: Any) -> Mentor:
    if not has_org_perm(actor, "mentor.manage", organization):
        raise PermissionDenied(_("You cannot register mentors in this organisation."))
    fields.setdefault("kind", Mentor.Kind.MENTOR)
    fields.setdefault("training", "")
    _check(fields)
    with transaction.atomic():
        mentor = Mentor(organization=organization, **fields)
        mentor.name = mentor.name.strip()
        mentor.save()
        audit.record(audit.Action.CREATE, actor=actor, organization=organization, obj=mentor,
                     detail={"kind": mentor.kind, "trained": mentor.is_trained})
    return mentor


def mentor_update(*, actor: Any, mentor: Mentor, **fields: Any) -> Mentor:
    if not has_org_perm(actor, "mentor.manage", mentor.organization_id):
        raise PermissionDenied(_("You cannot change this register."))
    merged = {name: getattr(mentor, name) for name in MENTOR_FIELDS} | fields
    _check(merged)
    changed = sorted(name for name, value in fields.items() if getattr(mentor, name) != value)
    with transaction.atomic():
        locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
        for name, value in fields.items():
            setattr(locked, name, value.strip() if name == "name" else value)
        locked.save()
        audit.record(audit.Action.UPDATE, actor=actor, organization=locked.organization_id, obj=locked,
                     detail={"changed": changed})
    return locked
