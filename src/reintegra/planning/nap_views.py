"""National Action Plan pages: list, plan (theory of change), dashboard, annual report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import organizations_with
from reintegra.planning import charts, exports, nap_selectors, nap_services, reference, selectors
from reintegra.planning.forms import (
    ActivityForm,
    ActivityProgressForm,
    AttachActionForm,
    IndicatorForm,
    IndicatorValueForm,
    ObjectiveForm,
    OutputForm,
    PlanForm,
    PrincipleForm,
)
from reintegra.planning.models import PlanStatus
from reintegra.planning.views import add_errors


@login_required
def plan_list_view(request: HttpRequest) -> HttpResponse:
    plans = nap_selectors.plans_visible_to(user=request.user)
    organizations = Organization.objects.filter(id__in=organizations_with(request.user, "nap.change"))
    form = PlanForm(request.POST or None, organizations=organizations)
    if request.method == "POST":
        if not organizations.exists():
            raise Http404
        if form.is_valid():
            try:
                plan = nap_services.plan_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Action plan created."))
                return redirect("planning:plan_detail", plan_id=plan.pk)
    return render(request, "planning/plan_list.html",
                  {"plans": plans, "form": form if organizations.exists() else None},
                  status=400 if form.errors else 200)


def _edit_forms(plan, data=None, kind=None):
    def bound(name):
        return data if kind == name else None

    return {
        "principle_form": PrincipleForm(bound("principle"), prefix="principle"),
        "objective_form": ObjectiveForm(bound("objective"), prefix="objective"),
        "output_form": OutputForm(bound("output"), plan=plan, prefix="output"),
        "activity_form": ActivityForm(bound("activity"), plan=plan, prefix="activity"),
        "indicator_form": IndicatorForm(bound("indicator"), plan=plan, prefix="indicator"),
    }


def _plan_page(request, plan, forms, status=200):
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "tree": nap_selectors.theory_of_change(plan), "principles": plan.principles.all(),
        "indicators": plan.indicators.select_related("objective").prefetch_related("values"),
        "can_edit": nap_selectors.can_edit(request.user, plan), "can_report": nap_selectors.can_report(
            request.user, plan), "this_year": timezone.localdate().year, "status_choices": PlanStatus.choices,
        **forms}, status=status)


@login_required
def plan_detail_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    return _plan_page(request, plan, _edit_forms(plan))


ADDERS = {
    "principle": lambda actor, plan, d: nap_services.principle_add(actor=actor, plan=plan, **d),
    "objective": lambda actor, plan, d: nap_services.objective_add(actor=actor, plan=plan, **d),
    "output": lambda actor, plan, d: nap_services.output_add(actor=actor, **d),
    "activity": lambda actor, plan, d: nap_services.activity_add(
        actor=actor, output=d.pop("output"), partners=list(d.pop("partners")), **d),
    "indicator": lambda actor, plan, d: nap_services.indicator_add(actor=actor, plan=plan, **d),
}


@login_required
@require_POST
def plan_add_view(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    if kind not in ADDERS:
        raise Http404
    if not nap_selectors.can_edit(request.user, plan):
        raise PermissionDenied(_("Only the plan's coordinators can change it."))
    forms = _edit_forms(plan, request.POST, kind)
    form = forms[f"{kind}_form"]
    if form.is_valid():
        try:
            ADDERS[kind](request.user, plan, dict(form.cleaned_data))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("planning:plan_detail", kwargs={"plan_id": plan.pk}) + f"#{kind}s")
    return _plan_page(request, plan, forms, status=400)


@login_required
@require_POST
def plan_status_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    try:
        nap_services.plan_set_status(actor=request.user, plan=plan, status=request.POST.get("status", ""))
    except ValidationError:
        messages.error(request, _("Unknown status."))
    return redirect("planning:plan_detail", plan_id=plan.pk)


@login_required
def activity_view(request: HttpRequest, plan_id: int, activity_id: int) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    activity = get_object_or_404(plan.activities.select_related("output__objective"), pk=activity_id)
    can_edit = nap_selectors.can_edit(request.user, plan)
    action_points = selectors.action_points_visible_to(user=request.user).exclude(nap_activities=activity)
    progress_form = ActivityProgressForm(initial={"status": activity.status, "progress_note": activity.progress_note})
    attach_form = AttachActionForm(action_points=action_points)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only the plan's coordinators can change it."))
        if "attach" in request.POST:
            attach_form = AttachActionForm(request.POST, action_points=action_points)
            if attach_form.is_valid():
                nap_services.activity_attach_action_point(actor=request.user, activity=activity,
                                                          action_point=attach_form.cleaned_data["action_point"])
                return redirect("planning:activity", plan_id=plan.pk, activity_id=activity.pk)
        else:
            progress_form = ActivityProgressForm(request.POST)
            if progress_form.is_valid():
                nap_services.activity_update_progress(actor=request.user, activity=activity,
                                                      **progress_form.cleaned_data)
                messages.success(request, _("Progress recorded."))
                return redirect("planning:activity", plan_id=plan.pk, activity_id=activity.pk)
    return render(request, "planning/activity.html", {
        "plan": plan, "activity": activity, "can_edit": can_edit, "progress_form": progress_form,
        "attach_form": attach_form, "tracking": charts.STATE_LABELS[activity.tracking()]})


@login_required
def indicator_view(request: HttpRequest, plan_id: int, indicator_id: int) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    indicator = get_object_or_404(plan.indicators, pk=indicator_id)
    can_edit = nap_selectors.can_edit(request.user, plan)
    form = IndicatorValueForm()
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Only the plan's coordinators can change it."))
        if "refresh" in request.POST:
            row = nap_services.indicator_refresh_live(actor=request.user, indicator=indicator)
            if row is None:
                messages.warning(request, _("No live value: the indicator is not linked, or the figure is "
                                            "too small to publish."))
            else:
                messages.success(request, _("Live value recorded."))
            return redirect("planning:indicator", plan_id=plan.pk, indicator_id=indicator.pk)
        form = IndicatorValueForm(request.POST)
        if form.is_valid():
            nap_services.indicator_value_record(actor=request.user, indicator=indicator, **form.cleaned_data)
            messages.success(request, _("Value recorded."))
            return redirect("planning:indicator", plan_id=plan.pk, indicator_id=indicator.pk)
    return render(request, "planning/indicator.html", {
        "plan": plan, "indicator": indicator, "values": indicator.values.all(), "form": form,
        "can_edit": can_edit, "progress": indicator.progress()}, status=400 if form.errors else 200)


@login_required
def plan_dashboard_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    dashboard = nap_selectors.dashboard(plan)
    return render(request, "planning/plan_dashboard.html", {
        "plan": plan, "dashboard": dashboard, "pillar_chart": charts.activities_by_pillar(dashboard),
        "indicator_chart": charts.indicator_progress(dashboard), "can_report": nap_selectors.can_report(
            request.user, plan), "this_year": timezone.localdate().year})


@login_required
def plan_report_view(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = nap_selectors.plan_get(user=request.user, plan_id=plan_id)
    if not nap_selectors.can_report(request.user, plan):
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = 0
    if not 1900 <= year <= 2200:
        return HttpResponse(_("Give a year between 1900 and 2200."), status=400, content_type="text/plain")
    context = exports.annual_report_context(plan=plan, year=year)
    if fmt == "xlsx":
        body = exports.annual_report_xlsx(context)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        context["pillars"] = reference.pillars()
        body = exports.render_pdf("planning/pdf/annual_report.html", context)
        content_type = "application/pdf"
    else:
        raise Http404
    audit.record(audit.Action.EXPORT, actor=request.user, organization=plan.organization_id, obj=plan,
                 detail={"format": fmt, "year": year})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="nap-{plan.pk}-progress-{year}.{fmt}"'
    return response
