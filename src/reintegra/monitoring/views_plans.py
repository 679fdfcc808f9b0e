"""M&E plans: list, create, detail with live KPI values, add/remove KPIs; public releases."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.monitoring import releases, selectors, services
from reintegra.monitoring.exports import display, safe_cell
from reintegra.monitoring.forms import BudgetForm, KPIForm, PlanForm, ReleaseForm
from reintegra.monitoring.models import PlanKPI, PrivacySpend
from reintegra.monitoring.statistics import periods
from reintegra.monitoring.statistics.board import published
from reintegra.monitoring.statistics.library import indicators
from reintegra.training.models import Programme


@login_required
def plan_list_view(request: HttpRequest) -> HttpResponse:
    if selectors.statistics_scope(user=request.user).is_empty:
        raise Http404
    membership = request.active_membership  # type: ignore[attr-defined]
    can_create = membership is not None and has_org_perm(request.user, "monitoring.manage_plan",
                                                         membership.organization_id)
    plans = selectors.plans_visible_to(user=request.user).prefetch_related("kpis")
    return render(request, "monitoring/plan_list.html", {"plans": plans, "can_create": can_create})


@login_required
def plan_create_view(request: HttpRequest) -> HttpResponse:
    membership = request.active_membership  # type: ignore[attr-defined]
    if membership is None or not has_org_perm(request.user, "monitoring.manage_plan", membership.organization_id):
        raise Http404
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, organization=membership.organization, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Plan created. Now choose its key performance indicators."))
            return redirect("monitoring:plan_detail", plan_id=plan.pk)
    return render(request, "monitoring/plan_form.html", {"form": form, "organization": membership.organization},
                  status=400 if form.errors else 200)


@login_required
def plan_detail_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    can_manage = has_org_perm(request.user, "monitoring.manage_plan", plan.organization_id)
    form = KPIForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.kpi_add(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Indicator added to the plan."))
                return redirect("monitoring:plan_detail", plan_id=plan.pk)
    scope = selectors.statistics_scope(user=request.user).restricted_to(plan.organization_id)
    start, end = plan.period_start, plan.period_end
    if periods.needs_fixed_periods(request.user) and not periods.is_allowed(start, end):
        # plans must not become a way round the fixed periods
        start, end = periods.for_plan(start, end, timezone.localdate())
    board = published(scope, start, end)
    current = {p.indicator.code: p for p in board.panels}
    library = {i.code: i for i in indicators()}
    rows = []
    for kpi in plan.kpis.all():
        panel = current.get(kpi.indicator_code)
        ind = library.get(kpi.indicator_code)
        rows.append({"kpi": kpi, "indicator": ind,
                     "current": display(ind, panel.overall.value) if panel and ind else None})
    return render(request, "monitoring/plan_detail.html", {
        "plan": plan, "rows": rows, "form": form, "can_manage": can_manage,
        "gaps": plan.missing_disaggregations(), "flagged": plan.is_flagged, "board": board,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def kpi_remove_view(request: HttpRequest, plan_id: int, kpi_id: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    kpi = PlanKPI.objects.filter(plan=plan, pk=kpi_id).first()
    if kpi is None:
        raise Http404
    try:
        services.kpi_remove(actor=request.user, kpi=kpi)
    except PermissionDenied:
        raise Http404 from None
    return redirect("monitoring:plan_detail", plan_id=plan.pk)


@login_required
def release_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "monitoring.release"):
        raise Http404
    scope = selectors.statistics_scope(user=request.user, perm="monitoring.release")
    form = ReleaseForm(request.POST or None, fixed_periods=periods.needs_fixed_periods(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["kind"] == "public":
                release = releases.public_release(actor=request.user, scope=scope, dimension=data["dimension"],
                                                  start=data["start"], end=data["end"],
                                                  epsilon=data["epsilon"] or 0.5)
            elif data["kind"] == "ctdc":
                release = releases.ctdc_release(scope, data["start"], data["end"], data["k"] or None)
            else:
                release = releases.suppressed_release(scope, data["dimension"], data["start"], data["end"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            if data["kind"] != "public":  # the public release is audited with its ledger entry
                services.export_record(actor=request.user, what=f"release.{data['kind']}", fmt="csv",
                                       organization_id=None,
                                       detail={**release.facts, "scope": releases.scope_key(scope)})
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            for key, value in release.facts.items():
                writer.writerow([f"# {key}", safe_cell(str(value))])
            writer.writerow(release.columns)
            writer.writerows([[safe_cell(v) for v in row] for row in release.rows])
            response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="reintegra-{data["kind"]}-release.csv"'
            return response
    ledger = PrivacySpend.objects.select_related("budget").filter(
        budget__dataset=f"cases:{releases.scope_key(scope)}")[:50]
    dataset = f"cases:{releases.scope_key(scope)}"
    return render(request, "monitoring/releases.html", {
        "form": form, "ledger": ledger, "dataset": dataset, "remaining": services.budget_remaining(dataset)},
        status=400 if form.errors else 200)


def _budget_organisation(request: HttpRequest) -> Any:
    """The active organisation, when the user may enter budgets there; otherwise 404."""
    membership = request.active_membership  # type: ignore[attr-defined]
    if membership is None or not has_org_perm(request.user, "monitoring.manage_plan", membership.organization_id):
        raise Http404
    return membership.organization


def _budget_form(request: HttpRequest, organization: Any, initial: dict[str, Any] | None = None) -> BudgetForm:
    """The budget form, bound on POST; a programme of another organisation is not found (404)."""
    form = BudgetForm(request.POST or None, initial=initial, organization=organization)
    programme = request.POST.get("programme", "") if request.method == "POST" else ""
    if programme and not Programme.objects.filter(organization=organization,
                                                  pk=programme if programme.isdigit() else 0).exists():
        raise Http404  # another organisation's programme: not found, as everywhere
    return form


def _add_errors(form: BudgetForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def budget_view(request: HttpRequest) -> HttpResponse:
    """Budgets of the active organisation (for cost per survivor and per outcome); entering one needs
    monitoring.manage_plan there."""
    from reintegra.monitoring.models_budget import ProgrammeBudget

    organization = _budget_organisation(request)
    form = _budget_form(request, organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_record(actor=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Budget recorded."))
            return redirect("monitoring:budgets")
    budgets = ProgrammeBudget.objects.filter(organization=organization).select_related("programme")
    return render(request, "monitoring/budgets.html", {"form": form, "budgets": budgets, "organization": organization},
                  status=400 if form.errors else 200)


def _budget_of_active_organisation(request: HttpRequest, budget_id: int) -> Any:
    """The budget, when it belongs to the active organisation and the user may enter budgets there
    (the rule for entering one); otherwise 404, as for a budget that does not exist."""
    from reintegra.monitoring.models_budget import ProgrammeBudget

    organization = _budget_organisation(request)
    budget = ProgrammeBudget.objects.select_related("programme").filter(
        organization_id=organization.pk, pk=budget_id).first()
    if budget is None:
        raise Http404
    return budget


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit_view(request: HttpRequest, budget_id: int) -> HttpResponse:
    budget = _budget_of_active_organisation(request, budget_id)
    organization = budget.organization
    initial = {"programme": budget.programme_id, "period_start": budget.period_start,
               "period_end": budget.period_end, "amount": budget.amount, "currency": budget.currency,
               "note": budget.note}
    form = _budget_form(request, organization, initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_update(actor=request.user, budget=budget, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Budget updated."))
            return redirect("monitoring:budgets")
    return render(request, "monitoring/budget_edit.html", {"form": form, "budget": budget,
                                                             "organization": organization},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def budget_delete_view(request: HttpRequest, budget_id: int) -> HttpResponse:
    """GET asks for confirmation; only the POST deletes."""
    budget = _budget_of_active_organisation(request, budget_id)
    if request.method == "POST":
        try:
            services.budget_delete(actor=request.user, budget=budget)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("Budget deleted."))
        return redirect("monitoring:budgets")
    return render(request, "monitoring/budget_delete.html", {"budget": budget, "organization": budget.organization})
