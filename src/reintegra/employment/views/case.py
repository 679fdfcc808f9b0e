"""A case's work and enterprise page: matched opportunities, placements and retention checks,
disclosure consents, enterprises, mentoring and coaching, and the whole pathway timeline.
Each form posts to the same page with a `form` field naming the action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.employment import matching, selectors
from reintegra.employment.forms import (
    ConsentForm,
    EnterpriseForm,
    PlacementForm,
    RetentionForm,
    SessionForm,
    StartupSupportForm,
    ViabilityForm,
)
from reintegra.employment.models import Employer, Enterprise, Placement
from reintegra.employment.services import employers as employer_services
from reintegra.employment.services import enterprises as enterprise_services
from reintegra.employment.services import placements as placement_services
from reintegra.employment.timeline import pathway_timeline
from reintegra.skills.selectors import pathway_case_get
from reintegra.skills.views import apply_errors


def _eligible_employers(user: Any):
    return selectors.employers_visible_to(user=user).filter(
        register_hit__isnull=True, vetting__in=[Employer.Vetting.APPROVED, Employer.Vetting.CONDITIONS])


def _forms(user: Any, case: Any) -> dict[str, django_forms.BaseForm]:
    employers = _eligible_employers(user)
    return {
        "placement": PlacementForm(employers=employers, opportunities=matching.offerable_opportunities(),
                                   auto_id="placement_%s"),
        "retention": RetentionForm(auto_id="retention_%s"),
        "consent": ConsentForm(employers=selectors.employers_visible_to(user=user), auto_id="consent_%s"),
        "enterprise": EnterpriseForm(auto_id="enterprise_%s"), "support": StartupSupportForm(auto_id="support_%s"),
        "viability": ViabilityForm(auto_id="viability_%s"),
        "session": SessionForm(mentors=selectors.mentors_for_sessions(case), auto_id="session_%s"),
    }


def _context(request: HttpRequest, case: Any, bound: dict[str, django_forms.BaseForm] | None = None) -> dict[str, Any]:
    user = request.user
    forms = {**_forms(user, case), **(bound or {})}
    org = case.organization_id
    return {
        "case": case, "forms": forms,
        "matches": matching.opportunities_for_case(case=case, limit=10),
        "placements": selectors.placements_of(case), "enterprises": selectors.enterprises_of(case),
        "sessions": selectors.sessions_of(case), "consents": selectors.consents_of(case),
        "timeline": pathway_timeline(case), "end_reasons": Placement.EndReason.choices,
        "can_place": has_org_perm(user, "placement.manage", org),
        "can_enterprise": has_org_perm(user, "enterprise.manage", org),
        "can_mentor": has_org_perm(user, "mentoring.record", org),
        "can_feedback": has_org_perm(user, "employer_feedback.view", org),
    }


ACTIONS: dict[str, tuple[str, type[django_forms.BaseForm]]] = {
    "placement": ("placement.manage", PlacementForm), "retention": ("placement.manage", RetentionForm),
    "consent": ("placement.manage", ConsentForm), "withdraw": ("placement.manage", django_forms.Form),
    "enterprise": ("enterprise.manage", EnterpriseForm), "support": ("enterprise.manage", StartupSupportForm),
    "viability": ("enterprise.manage", ViabilityForm), "start": ("enterprise.manage", django_forms.Form),
    "session": ("mentoring.record", SessionForm),
}


def _perform(request: HttpRequest, case: Any, action: str, data: dict[str, Any]) -> None:
    user, target = request.user, request.POST.get("target", "")
    if action == "placement":
        placement_services.placement_create(actor=user, case=case, **data)
    elif action == "retention":
        check = selectors.retention_check_get(case=case, check_id=target)
        placement_services.retention_check_record(actor=user, check=check, **data)
    elif action == "consent":
        employer_services.disclosure_consent_record(actor=user, case=case, **data)
    elif action == "withdraw":
        employer = get_object_or_404(selectors.employers_visible_to(user=user), pk=target if target.isdigit() else 0)
        employer_services.disclosure_consent_withdraw(actor=user, case=case, employer=employer)
    elif action == "enterprise":
        enterprise_services.enterprise_create(actor=user, case=case, **data)
    else:
        enterprise = get_object_or_404(Enterprise, pk=target if target.isdigit() else 0, case=case)
        handlers: dict[str, Callable[..., Any]] = {
            "support": enterprise_services.startup_support_add, "viability": enterprise_services.viability_check_add,
        }
        if action == "start":
            enterprise_services.enterprise_start(actor=user, enterprise=enterprise,
                                                 started_on=django_forms.DateField().clean(request.POST.get("on")))
        else:
            handlers[action](actor=user, enterprise=enterprise, **data)


@login_required
def case_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = pathway_case_get(user=request.user, case_id=case_id, purpose="employment")
    if request.method != "POST":
        return render(request, "employment/case.html", _context(request, case))
    action = request.POST.get("form", "")
    if action not in ACTIONS:
        raise Http404
    perm, form_class = ACTIONS[action]
    case = pathway_case_get(user=request.user, case_id=case_id, perm=perm, purpose="employment")
    if action == "session":
        form: django_forms.BaseForm = SessionForm(request.POST, mentors=selectors.mentors_for_sessions(case),
                                                  auto_id="session_%s")
        if form.is_valid():
            try:
                enterprise_services.support_session_add(actor=request.user, case=case, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("employment:case", case_id=case.pk)
        return render(request, "employment/case.html", _context(request, case, {action: form}), status=400)
    kwargs: dict[str, Any] = {}
    if form_class is PlacementForm:
        kwargs = {"employers": _eligible_employers(request.user),
                  "opportunities": matching.offerable_opportunities()}
    elif form_class is ConsentForm:
        kwargs = {"employers": selectors.employers_visible_to(user=request.user)}
    form = form_class(request.POST, auto_id=f"{action}_%s", **kwargs)
    if form.is_valid():
        try:
            _perform(request, case, action, dict(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("employment:case", case_id=case.pk)
    return render(request, "employment/case.html", _context(request, case, {action: form}), status=400)


@login_required
def retention_due_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "placement.manage"):
        raise Http404
    checks = selectors.retention_checks_due(user=request.user)
    return render(request, "employment/retention_due.html", {"checks": checks[:500]})


@login_required
def enterprise_edit_view(request: HttpRequest, case_id: int, enterprise_id: int) -> HttpResponse:
    case = pathway_case_get(user=request.user, case_id=case_id, perm="enterprise.manage", purpose="employment")
    enterprise = get_object_or_404(Enterprise, pk=enterprise_id, case=case)
    initial = {name: getattr(enterprise, name) for name in enterprise_services.ENTERPRISE_FIELDS}
    form = EnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_services.enterprise_update(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Business plan saved."))
            return redirect("employment:case", case_id=case.pk)
    return render(request, "employment/form_page.html",
                  {"form": form, "title": _("Edit business plan: %(name)s") % {"name": enterprise.name}},
                  status=400 if form.errors else 200)
