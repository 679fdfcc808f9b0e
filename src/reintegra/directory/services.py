"""Writes to the directory: HSDS import, service capacity updates, capacity assessments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.permissions import has_any_perm, has_org_perm, organizations_with
from reintegra.directory.capacity import item_codes
from reintegra.directory.hsds.importer import ImportReport, import_document, import_path
from reintegra.directory.models import CapacityAnswer, CapacityAssessment, Provider, Service
from reintegra.directory.selectors import directory_changed


def _audit_import(actor: Any, report: ImportReport) -> None:
    audit.record(audit.Action.CREATE if report.written else audit.Action.READ, actor=actor,
                 actor_label=None if actor is not None else "cli", object_type="directory.hsds_import",
                 detail={"source": Path(report.source).name, "rows": report.rows, "written": report.written,
                         "problems": len(report.problems), "dry_run": report.dry_run})


def hsds_import(*, actor: Any, path: Path | None = None, document: Any = None, dry_run: bool = False) -> ImportReport:
    """Import an HSDS file (path) or parsed JSON (document). `actor=None` means the command line."""
    if actor is not None and not has_any_perm(actor, "directory.manage"):
        raise PermissionDenied(_("You cannot import into the directory."))
    report = import_path(path, dry_run=dry_run) if path is not None else import_document(document, dry_run=dry_run)
    _audit_import(actor, report)
    if report.written:
        transaction.on_commit(directory_changed)
    return report


def can_edit_provider(user: Any, provider: Provider) -> bool:
    if has_any_perm(user, "directory.manage"):
        return True
    return provider.member_id is not None and has_org_perm(user, "directory.edit_own", provider.member_id)


def service_update_capacity(*, actor: Any, service: Service, places_available: int | None,
                            waiting_days: int | None, accepts_referrals: bool) -> Service:
    if service.provider is None or not can_edit_provider(actor, service.provider):
        raise PermissionDenied(_("You cannot edit this service."))
    with transaction.atomic():
        service.places_available = places_available
        service.waiting_days = waiting_days
        service.accepts_referrals = accepts_referrals
        service.last_modified = timezone.now()
        service.save(update_fields=["places_available", "waiting_days", "accepts_referrals", "last_modified"])
        audit.record(audit.Action.UPDATE, actor=actor, obj=service,
                     detail={"places_available": places_available, "waiting_days": waiting_days,
                             "accepts_referrals": accepts_referrals})
        transaction.on_commit(directory_changed)
    return service


def capacity_assessment_record(*, actor: Any, provider: Provider, organization_id: int, assessed_on: Any,
                               scores: dict[str, int | None], action_points: dict[str, str],
                               notes: str = "") -> CapacityAssessment:
    """Record one assessment of `provider` by `organization_id` (3b.2). Scores are 0–3 or None."""
    if organization_id not in organizations_with(actor, "directory.assess"):
        raise PermissionDenied(_("You cannot assess providers for this organisation."))
    known = set(item_codes())
    unknown = set(scores) - known
    if unknown:
        raise ValidationError({"scores": _("Unknown items: %(items)s") % {"items": ", ".join(sorted(unknown))}})
    for code, score in scores.items():
        if score is not None and not 0 <= score <= 3:
            raise ValidationError({code: _("Scores go from 0 (not in place) to 3 (fully in place).")})
    with transaction.atomic():
        assessment = CapacityAssessment.objects.create(provider=provider, organization_id=organization_id,
                                                       assessed_on=assessed_on, assessed_by=actor, notes=notes)
        CapacityAnswer.objects.bulk_create([
            CapacityAnswer(assessment=assessment, item_code=code, score=scores.get(code),
                           action_point=action_points.get(code, "").strip())
            for code in item_codes() if code in scores or action_points.get(code)
        ])
        audit.record(audit.Action.CREATE, actor=actor, organization=organization_id, obj=assessment,
                     detail={"provider": str(provider.pk), "answered": sum(v is not None for v in scores.values())})
    return assessment
