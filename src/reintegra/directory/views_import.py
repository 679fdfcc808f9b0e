"""HSDS import and export pages for directory managers (network coordinators, system admins)."""

from __future__ import annotations

import json

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from reintegra.core import audit
from reintegra.core.permissions import has_any_perm
from reintegra.directory.hsds.export import export_services
from reintegra.directory.selectors import services_filtered
from reintegra.directory.services import hsds_import

MAX_UPLOAD = 20 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("HSDS 3.0 JSON file"))
    dry_run = forms.BooleanField(label=_("Check only (write nothing)"), required=False, initial=True)


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "directory.manage"):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            form.add_error("file", _("The file is larger than 20 MB; use `reintegra import hsds` instead."))
        else:
            try:
                document = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                form.add_error("file", _("Not a JSON file: %(error)s") % {"error": exc})
            else:
                report = hsds_import(actor=request.user, document=document,
                                     dry_run=form.cleaned_data["dry_run"])
    return render(request, "directory/import.html", {"form": form, "report": report},
                  status=400 if form.errors or (report and not report.ok) else 200)


@login_required
def export_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "directory.view"):
        raise Http404
    services = services_filtered(area=request.GET.get("area", ""), service_type=request.GET.get("type", ""))
    objects = export_services(services)
    audit.record(audit.Action.EXPORT, actor=request.user, object_type="directory.hsds_export",
                 detail={"services": len(objects), "area": request.GET.get("area", ""),
                         "type": request.GET.get("type", "")})
    response = JsonResponse(objects, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = 'attachment; filename="directory-hsds-3.0.json"'
    return response
