"""Dashboards, tracer study, indicator library and exports (thin: statistics/ does the work)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from reintegra.core.permissions import has_any_perm
from reintegra.monitoring import charts, exports, services
from reintegra.monitoring.forms import DashboardForm, TracerForm
from reintegra.monitoring.selectors import Scope, organizations_in, statistics_scope
from reintegra.monitoring.statistics import comparison, periods, tracer
from reintegra.monitoring.statistics.board import published
from reintegra.monitoring.statistics.dashboard import Dashboard, threshold
from reintegra.monitoring.statistics.library import dimensions, indicators


def _scope_or_404(request: HttpRequest) -> Scope:
    scope = statistics_scope(user=request.user)
    if scope.is_empty:
        raise Http404
    return scope


def _organization_in_scope_or_404(request: HttpRequest, allowed: list[Any]) -> None:
    """An organisation outside the caller's scope is not found (rather than an invalid choice)."""
    asked = request.GET.get("organization", "")
    if asked and asked not in {str(o.pk) for o in allowed}:
        raise Http404


def _scope_label(scope: Scope, organizations: list[Any]) -> str:
    if scope.network and len(organizations) != 1:
        return _("All organisations of the network")
    return ", ".join(o.name for o in organizations)


def _board(request: HttpRequest) -> tuple[Dashboard | None, DashboardForm, Scope, str, Dashboard | None]:
    scope = _scope_or_404(request)
    allowed = list(organizations_in(scope).filter(is_active=True).only("id", "name"))
    _organization_in_scope_or_404(request, allowed)
    form = DashboardForm(request.GET or None, organizations=allowed,
                         fixed_periods=periods.needs_fixed_periods(request.user))
    chosen = form.cleaned_data.get("organization") if form.is_valid() else None
    in_scope = organizations_in(scope)
    if chosen and in_scope.filter(pk=chosen).exists():
        scope = scope.restricted_to(chosen)
    label = _scope_label(scope, list(organizations_in(scope)[:5]))
    if form.errors:  # a refused period: nothing is computed
        return None, form, scope, label, None
    board = published(scope, *form.chosen_period())
    baseline = form.baseline()
    before = published(scope, *baseline) if baseline else None
    return board, form, scope, label, before


def _charts(board: Dashboard, dimension: str) -> dict[str, str]:
    name = board.dimensions.get(dimension, dimension)
    titles = {"proportion": _("percent"), "median": _("days (median)"), "count": _("cases")}
    return {p.indicator.code: charts.as_data_uri(charts.panel_chart(p, dimension, name, titles[p.indicator.kind]))
            for p in board.panels}


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    board, form, scope, label, before = _board(request)
    chart_dim = (form.cleaned_data.get("chart") if form.is_valid() else "") or "sex"
    comparison = []
    if board is None:
        return render(request, "monitoring/dashboard.html", {
            "board": None, "form": form, "scope_label": label, "network": scope.network, "charts": {},
            "comparison": [], "before": None, "query": request.GET.urlencode(), "can_export": False,
        }, status=400)
    if before is not None:
        previous = {p.indicator.code: p for p in before.panels}
        comparison = [(p, previous[p.indicator.code]) for p in board.panels]
    return render(request, "monitoring/dashboard.html", {
        "board": board, "form": form, "scope_label": label, "network": scope.network,
        "charts": _charts(board, chart_dim), "chart_dimension": board.dimensions.get(chart_dim, chart_dim),
        "comparison": comparison, "before": before, "query": request.GET.urlencode(),
        "can_export": has_any_perm(request.user, "monitoring.export"),
    }, status=400 if form.errors else 200)


@login_required
def dashboard_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx", "pdf"} or not has_any_perm(request.user, "monitoring.export"):
        raise Http404
    board, form, scope, label, _before = _board(request)
    if board is None:
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors),
                                      content_type="text/plain; charset=utf-8")
    services.export_record(actor=request.user, what="dashboard", fmt=fmt,
                           organization_id=scope.organization_ids[0] if len(scope.organization_ids) == 1 else None,
                           detail={"period": f"{board.start}/{board.end}", "scope": label,
                                   "suppressed_cells": board.suppressed_cells})
    filename = f"reintegra-dashboard-{board.start}-{board.end}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(board, label), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(exports.to_xlsx(board, label), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    else:
        chart_dim = (form.cleaned_data.get("chart") if form.is_valid() else "") or "sex"
        response = HttpResponse(exports.to_pdf(board, label, _charts(board, chart_dim)),
                                content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def library_view(request: HttpRequest) -> HttpResponse:
    _scope_or_404(request)
    dims = dimensions()
    return render(request, "monitoring/library.html", {"indicators": indicators(), "dimensions": dims,
                                                        "dimension_names": {d.code: d.name for d in dims}})


@login_required
def tracer_view(request: HttpRequest) -> HttpResponse:
    scope = _scope_or_404(request)
    form = TracerForm(request.GET or None, fixed_periods=periods.needs_fixed_periods(request.user))
    waves: list[dict[str, Any]] = []
    facts: dict[str, Any] = {}
    if form.is_valid():
        start, end = form.cleaned_data["cohort_start"], form.cleaned_data["cohort_end"]
        waves, hidden = tracer.cohort_waves(scope, min(start, end), max(start, end), timezone.localdate(),
                                            threshold=threshold())
        facts = {"threshold": threshold(), "suppressed": hidden}
    return render(request, "monitoring/tracer.html", {"form": form, "waves": waves, "facts": facts},
                  status=400 if form.errors else 200)


def _comparison(request: HttpRequest) -> tuple[comparison.Comparison | None, DashboardForm, Scope, str]:
    scope = _scope_or_404(request)
    allowed = list(organizations_in(scope).filter(is_active=True).only("id", "name"))
    _organization_in_scope_or_404(request, allowed)
    form = DashboardForm(request.GET or None, organizations=allowed,
                         fixed_periods=periods.needs_fixed_periods(request.user))
    chosen = form.cleaned_data.get("organization") if form.is_valid() else None
    if chosen and organizations_in(scope).filter(pk=chosen).exists():
        scope = scope.restricted_to(chosen)
    result = None if form.errors else comparison.compare(scope, *form.chosen_period(), timezone.localdate())
    return result, form, scope, _scope_label(scope, list(organizations_in(scope)[:5]))


@login_required
def comparison_view(request: HttpRequest) -> HttpResponse:
    """Survivors against community trainees in the same programmes (suppressed, fixed periods for
    aggregate-only roles)."""
    result, form, _scope, label = _comparison(request)
    return render(request, "monitoring/comparison.html", {
        "form": form, "result": result, "populations": comparison.POPULATIONS,
        "programme_measures": [(code, comparison.MEASURES[code]) for code in comparison.PROGRAMME_MEASURES],
        "computed_at": timezone.now(), "scope_label": label, "query": request.GET.urlencode(),
        "can_export": has_any_perm(request.user, "monitoring.export"),
    }, status=400 if form.errors else 200)


@login_required
def comparison_export_view(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in {"csv", "xlsx"} or not has_any_perm(request.user, "monitoring.export"):
        raise Http404
    result, form, scope, label = _comparison(request)
    if result is None:
        return HttpResponseBadRequest(" ".join(str(e) for errors in form.errors.values() for e in errors),
                                      content_type="text/plain; charset=utf-8")
    computed_at = timezone.now()
    services.export_record(actor=request.user, what="comparison", fmt=fmt,
                           organization_id=scope.organization_ids[0] if len(scope.organization_ids) == 1 else None,
                           detail={"period": f"{result.start}/{result.end}", "scope": label,
                                   "suppressed_cells": result.suppressed_cells})
    if fmt == "csv":
        response = HttpResponse(exports.comparison_to_csv(result, label, computed_at),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.comparison_to_xlsx(result, label, computed_at), content_type=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response["Content-Disposition"] = f'attachment; filename="reintegra-comparison-{result.start}-{result.end}.{fmt}"'
    return response
