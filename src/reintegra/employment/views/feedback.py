"""Employer feedback: the staff page of one employer's feedback, and the employer's own portal page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.employment import selectors
from reintegra.employment.forms import EmployerFeedbackForm
from reintegra.employment.models import Placement
from reintegra.employment.services import feedback as services
from reintegra.skills.views import apply_errors


def placement_label(placement: Placement) -> str:
    return f"{placement.case.survivor.code} — {placement.job_title} ({placement.started_on})"


@login_required
def employer_feedback_view(request: HttpRequest, employer_id: int) -> HttpResponse:
    if not has_any_perm(request.user, "employer_feedback.view"):
        raise Http404
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    membership = request.active_membership  # type: ignore[attr-defined]
    placements = selectors.feedback_placements_for(user=request.user, employer=employer)
    can_record = membership is not None and has_org_perm(request.user, "employer_feedback.record",
                                                         membership.organization_id)
    form = EmployerFeedbackForm(request.POST or None, placements=placements, placement_label=placement_label)
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            data: dict[str, Any] = dict(form.cleaned_data)
            try:
                services.feedback_record(actor=request.user, employer=employer, organization=membership.organization,
                                         **data)
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Employer feedback recorded."))
                return redirect("employment:employer_feedback", employer_id=employer.pk)
    feedback = list(selectors.employer_feedback_visible_to(user=request.user, employer=employer)[:500])
    about_people = [f.placement_id for f in feedback if f.placement_id]
    if about_people:
        audit.record(audit.Action.READ, actor=request.user, obj=employer,
                     detail={"employer_feedback": [f.pk for f in feedback], "placements": about_people})
    return render(request, "employment/employer_feedback.html", {
        "employer": employer, "feedback": feedback, "form": form, "can_record": can_record,
        "satisfied": sum(f.satisfied for f in feedback)}, status=400 if form.errors else 200)


@login_required
def portal_feedback_view(request: HttpRequest) -> HttpResponse:
    account = selectors.employer_account_of(request.user)
    if account is None:
        raise Http404
    placements = selectors.portal_feedback_placements(user=request.user)
    form = EmployerFeedbackForm(request.POST or None, placements=placements,
                                placement_label=lambda p: f"{p.case.survivor.code} — {p.job_title}")
    if request.method == "POST" and form.is_valid():
        try:
            services.portal_feedback_give(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Thank you: your feedback was sent to the programme."))
            return redirect("employment:portal_feedback")
    given = list(selectors.portal_feedback_given(user=request.user)[:200])
    if any(f.placement_id for f in given):
        audit.record(audit.Action.READ, actor=request.user, obj=account.employer,
                     detail={"portal": True, "placements": [f.placement_id for f in given if f.placement_id]})
    return render(request, "employment/portal_feedback.html", {
        "employer": account.employer, "form": form, "given": given}, status=400 if form.errors else 200)
