"""Directory pages: service search, service and provider detail, coverage gaps, capacity assessment."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.permissions import has_any_perm, organizations_with
from reintegra.directory import attributes, capacity, coverage, selectors, services
from reintegra.directory.forms import AssessmentForm, CapacityForm, CoverageFilterForm, ServiceFilterForm
from reintegra.directory.models import Provider, Service


def _require(user, perm: str) -> None:
    if not has_any_perm(user, perm):
        raise Http404


@login_required
def service_list_view(request: HttpRequest) -> HttpResponse:
    _require(request.user, "directory.view")
    form = ServiceFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.services_visible_to(
        user=request.user, area=data.get("area", ""), service_type=data.get("service_type", ""),
        query=data.get("q", ""), supports=[data["support"]] if data.get("support") else None,
        target_group=data.get("target_group", "")).order_by("name", "id")
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(request, "directory/service_list.html", {
        "form": form, "page": page, "query_string": request.GET.urlencode(),
        "can_manage": has_any_perm(request.user, "directory.manage")})


def _service(user, service_id) -> Service:
    service = selectors.services_visible_to(user=user, active_only=False).filter(pk=service_id).first()
    if service is None:
        raise Http404
    return service


@login_required
def service_detail_view(request: HttpRequest, service_id) -> HttpResponse:
    service = _service(request.user, service_id)
    editable = service.provider is not None and services.can_edit_provider(request.user, service.provider)
    form = CapacityForm(request.POST or None, initial={"places_available": service.places_available,
                                                      "waiting_days": service.waiting_days,
                                                      "accepts_referrals": service.accepts_referrals})
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            services.service_update_capacity(actor=request.user, service=service, **form.cleaned_data)
            messages.success(request, _("Capacity updated."))
            return redirect("directory:service", service_id=service.pk)
    labels = {t.code: t.label for t in attributes.terms()}
    tags = [labels[c] for c in attributes.codes_from_mask(service.flags)]
    return render(request, "directory/service_detail.html", {"service": service, "tags": tags, "form": form,
                                                             "editable": editable})


@login_required
def provider_detail_view(request: HttpRequest, provider_id) -> HttpResponse:
    provider = selectors.providers_visible_to(user=request.user).filter(pk=provider_id).first()
    if provider is None:
        raise Http404
    history = []
    for assessment in provider.assessments.prefetch_related("answers").select_related("organization"):
        scores, gaps = capacity.summarise(assessment)
        history.append({"assessment": assessment, "scores": scores, "gaps": gaps})
    return render(request, "directory/provider_detail.html", {
        "provider": provider, "services": provider.services.all(), "history": history,
        "can_assess": bool(organizations_with(request.user, "directory.assess")),
        "can_edit": services.can_edit_provider(request.user, provider)})


@login_required
def assess_view(request: HttpRequest, provider_id) -> HttpResponse:
    orgs = organizations_with(request.user, "directory.assess")
    provider = Provider.objects.filter(pk=provider_id).first()
    if not orgs or provider is None:
        raise Http404
    form = AssessmentForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        scores, actions = form.scores()
        membership = request.active_membership  # type: ignore[attr-defined]
        org_id = membership.organization_id if membership and membership.organization_id in orgs else orgs[0]
        try:
            services.capacity_assessment_record(actor=request.user, provider=provider, organization_id=org_id,
                                                assessed_on=form.cleaned_data["assessed_on"], scores=scores,
                                                action_points=actions, notes=form.cleaned_data["notes"])
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Assessment recorded."))
            return redirect("directory:provider", provider_id=provider.pk)
    return render(request, "directory/assess.html", {"form": form, "provider": provider,
                                                     "areas": capacity.areas()}, status=400 if form.errors else 200)


@login_required
def coverage_view(request: HttpRequest) -> HttpResponse:
    _require(request.user, "directory.coverage")
    form = CoverageFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    areas = [data["area"]] if data.get("area") else None
    result = coverage.coverage(areas=areas, types=data.get("service_type") or None)
    per_area = result.gaps_per_area()
    most = max([n for _a, n in per_area] or [1]) or 1
    bars = [{"area": a, "gaps": n, "width": round(300 * n / most), "y": 24 * i} for i, (a, n) in enumerate(per_area)]
    return render(request, "directory/coverage.html", {
        "form": form, "coverage": result, "rows": [(a, result.row(a)) for a in result.areas], "bars": bars,
        "chart_height": 24 * len(bars) + 4, "checklist": coverage.checklist_3b1(), "gaps": result.gaps()})
