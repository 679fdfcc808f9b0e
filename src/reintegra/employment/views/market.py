"""Market appraisals per area and outcomes by trade (aggregates only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.employment import selectors
from reintegra.employment.forms import AppraisalForm, TradeForm
from reintegra.employment.outcomes import suppression_threshold
from reintegra.employment.services import enterprises as services
from reintegra.skills.coding import isco_title
from reintegra.skills.views import apply_errors


@login_required
def market_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "market.view"):
        raise Http404
    area = request.GET.get("area", "")
    membership = request.active_membership  # type: ignore[attr-defined]
    can_manage = membership is not None and has_org_perm(request.user, "market.manage", membership.organization_id)
    form = AppraisalForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.appraisal_create(actor=request.user, organization=membership.organization,
                                          **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Appraisal recorded."))
                return redirect("employment:market")
    outcomes = selectors.outcomes_by_trade(user=request.user, admin_area=area)
    for row in outcomes:
        row["title"] = isco_title(row["isco_code"])
    return render(request, "employment/market.html", {
        "appraisals": selectors.appraisals_visible_to(user=request.user, admin_area=area), "area": area,
        "form": form, "can_manage": can_manage, "trade_form": TradeForm(), "outcomes": outcomes,
        "small_cell": suppression_threshold()}, status=400 if form.errors else 200)


@login_required
def trade_add_view(request: HttpRequest, appraisal_id: int) -> HttpResponse:
    appraisal = selectors.appraisals_visible_to(user=request.user).filter(pk=appraisal_id).first()
    if appraisal is None or request.method != "POST" or not has_org_perm(request.user, "market.manage",
                                                                          appraisal.organization_id):
        raise Http404
    form = TradeForm(request.POST)
    if form.is_valid():
        try:
            services.trade_add(actor=request.user, appraisal=appraisal, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Trade recorded."))
    else:
        messages.error(request, _("Choose the trade and give the evidence."))
    return redirect("employment:market")
