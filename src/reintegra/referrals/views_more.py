"""Matching, provider outcomes and transfer pages."""

from __future__ import annotations

import time
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.cases.selectors import case_get
from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.directory.models import Service
from reintegra.referrals import transfers
from reintegra.referrals.forms import DeclineForm, TransferForm
from reintegra.referrals.matching import exclusions, profile_for_case, rank
from reintegra.referrals.matching_programmes import rank_programmes
from reintegra.referrals.outcomes import THRESHOLD, provider_outcomes, providers_needing_support


@login_required
def match_view(request: HttpRequest, case_id: int) -> HttpResponse:
    if not has_any_perm(request.user, "directory.match"):
        raise Http404
    case = case_get(user=request.user, case_id=case_id, purpose="matching")
    # Held in the organisation that owns the case, not merely somewhere.
    if not has_org_perm(request.user, "directory.match", case.organization_id):
        raise Http404
    profile = profile_for_case(case)
    started = time.perf_counter()
    matches = rank(profile, limit=20)
    elapsed_ms = (time.perf_counter() - started) * 1000
    services = Service.objects.select_related("provider").in_bulk([m.service_id for m in matches])
    rows = [(m, services.get(uuid.UUID(m.service_id))) for m in matches]
    return render(request, "referrals/match.html", {"case": case, "profile": profile, "rows": rows,
                                                    "elapsed_ms": elapsed_ms, "excluded": exclusions(profile),
                                                    "programmes": rank_programmes(profile, limit=10)})


@login_required
def outcomes_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "referral.outcomes"):
        raise Http404
    by_service = request.GET.get("by") == "service"
    return render(request, "referrals/outcomes.html", {
        "rows": provider_outcomes(user=request.user, by_service=by_service), "by_service": by_service,
        "support": providers_needing_support(user=request.user), "threshold": THRESHOLD})


@login_required
def transfers_view(request: HttpRequest) -> HttpResponse:
    return render(request, "referrals/transfers.html", {
        "incoming": transfers.transfers_incoming(user=request.user)[:100],
        "outgoing": transfers.transfers_outgoing(user=request.user)[:100], "decline_form": DeclineForm()})


@login_required
def transfer_new_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get(user=request.user, case_id=case_id, purpose="transfer")
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfers.transfer_request(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Transfer requested; the case moves when the new owner accepts."))
            return redirect("referrals:transfers")
    return render(request, "referrals/transfer_new.html", {"form": form, "case": case},
                  status=400 if form.errors else 200)


@login_required
@require_POST
def transfer_answer_view(request: HttpRequest, transfer_id: int, answer: str) -> HttpResponse:
    try:
        if answer == "accept":
            transfers.transfer_accept(actor=request.user, transfer_id=transfer_id)
        elif answer == "decline":
            transfers.transfer_decline(actor=request.user, transfer_id=transfer_id,
                                       reason=request.POST.get("reason", ""))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Done."))
    return redirect("referrals:transfers")
