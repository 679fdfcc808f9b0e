"""Employer roster, vetting, register import, opportunities and the employer's own view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.models import User
from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.employment import matching, selectors
from reintegra.employment.forms import AwarenessForm, EmployerForm, OpportunityForm, RegisterImportForm, VettingForm
from reintegra.employment.models import DECENT_WORK_CRITERIA, Employer
from reintegra.employment.services import employers as services
from reintegra.employment.services.registers import register_import
from reintegra.skills.views import apply_errors


def _membership_with(request: HttpRequest, perm: str):
    membership = request.active_membership  # type: ignore[attr-defined]
    if membership is None or not has_org_perm(request.user, perm, membership.organization_id):
        raise Http404
    return membership


@login_required
def employer_list_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "employer.view"):
        raise Http404
    employers = selectors.employers_visible_to(user=request.user)
    if request.GET.get("area"):
        employers = employers.filter(admin_area=request.GET["area"])
    membership = request.active_membership  # type: ignore[attr-defined]
    return render(request, "employment/employer_list.html", {
        "employers": employers[:500],
        "can_create": membership is not None and has_org_perm(request.user, "employer.manage",
                                                              membership.organization_id),
        "can_import": has_any_perm(request.user, "employer.import_register")})


@login_required
def employer_new_view(request: HttpRequest) -> HttpResponse:
    membership = _membership_with(request, "employer.manage")
    form = EmployerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(actor=request.user, organization=membership.organization,
                                                **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if employer.register_hit_id:
                messages.error(request, _("This employer is listed in a register of employers found using forced "
                                          "labour; it cannot receive placements."))
            return redirect("employment:employer", employer_id=employer.pk)
    return render(request, "employment/form_page.html", {"form": form, "title": _("New employer")},
                  status=400 if form.errors else 200)


@login_required
def employer_view(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_get(user=request.user, employer_id=employer_id)
    can_manage = has_org_perm(request.user, "employer.manage", employer.organization_id)
    initial = {name: getattr(employer, name) for name in DECENT_WORK_CRITERIA}
    vetting_form = VettingForm(initial={**initial, "decision": employer.vetting, "notes": employer.vetting_notes})
    awareness_form = AwarenessForm()
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if request.POST.get("form") == "account":
            return _account_link(request, employer)
        if request.POST.get("form") == "awareness":
            awareness_form = AwarenessForm(request.POST)
            if awareness_form.is_valid():
                services.awareness_session_add(actor=request.user, employer=employer, **awareness_form.cleaned_data)
                messages.success(request, _("Session recorded."))
                return redirect("employment:employer", employer_id=employer.pk)
        else:
            vetting_form = VettingForm(request.POST)
            if vetting_form.is_valid():
                data = dict(vetting_form.cleaned_data)
                try:
                    services.employer_vet(actor=request.user, employer=employer, decision=data.pop("decision"),
                                          notes=data.pop("notes"), **data)
                except ValidationError as exc:
                    apply_errors(vetting_form, exc)
                else:
                    messages.success(request, _("Vetting saved."))
                    return redirect("employment:employer", employer_id=employer.pk)
    errors = vetting_form.errors or awareness_form.errors
    return render(request, "employment/employer_detail.html", {
        "employer": employer, "can_manage": can_manage, "vetting_form": vetting_form,
        "awareness_form": awareness_form, "sessions": employer.awareness_sessions.order_by("-held_on"),
        "opportunities": employer.opportunities.all(),
        "accounts": employer.accounts.select_related("user"),
        "can_feedback": has_any_perm(request.user, "employer_feedback.view")}, status=400 if errors else 200)


def _account_link(request: HttpRequest, employer: Employer) -> HttpResponse:
    username = request.POST.get("username", "").strip()
    user = User.objects.filter(username=username, is_active=True).first()
    try:
        services.employer_account_link(actor=request.user, employer=employer, user=user,
                                       confirm_move=request.POST.get("confirm_move") == "yes")
    except services.LinkMoveNeedsConfirmation as exc:
        return render(request, "employment/account_move_confirm.html", {
            "employer": employer, "current": exc.current, "username": username}, status=409)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("The account now sees this employer's own page only."))
    return redirect("employment:employer", employer_id=employer.pk)


@login_required
def register_import_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "employer.import_register"):
        raise Http404
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        report = register_import(actor=request.user, source=form.cleaned_data["source"], csv_text=text,
                                 country=form.cleaned_data["country"].upper())
        if report.ok:
            messages.success(request, _("%(n)d register entries imported; %(f)d employers flagged.") % {
                "n": report.created, "f": len(report.flagged_employers)})
            return redirect("employment:employers")
    return render(request, "employment/register_import.html", {"form": form, "report": report},
                  status=400 if (form.errors or (report and not report.ok)) else 200)


@login_required
def opportunity_list_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "opportunity.view"):
        raise Http404
    opportunities = selectors.opportunities_visible_to(user=request.user)
    if request.GET.get("area"):
        opportunities = opportunities.filter(admin_area=request.GET["area"])
    membership = request.active_membership  # type: ignore[attr-defined]
    return render(request, "employment/opportunity_list.html", {
        "opportunities": opportunities[:500],
        "can_create": membership is not None and has_org_perm(request.user, "opportunity.manage",
                                                              membership.organization_id)})


@login_required
def opportunity_new_view(request: HttpRequest) -> HttpResponse:
    membership = _membership_with(request, "opportunity.manage")
    employers = selectors.employers_visible_to(user=request.user).exclude(vetting=Employer.Vetting.REJECTED)
    form = OpportunityForm(request.POST or None, employers=employers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            opportunity = services.opportunity_create(actor=request.user, organization=membership.organization,
                                                      employer=data.pop("employer"), **data)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            return redirect("employment:opportunity", opportunity_id=opportunity.pk)
    return render(request, "employment/form_page.html", {"form": form, "title": _("New opportunity")},
                  status=400 if form.errors else 200)


@login_required
def opportunity_edit_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(user=request.user, opportunity_id=opportunity_id)
    if not has_org_perm(request.user, "opportunity.manage", opportunity.organization_id):
        raise Http404
    employers = selectors.employers_visible_to(user=request.user).exclude(vetting=Employer.Vetting.REJECTED)
    initial = {name: getattr(opportunity, name) for name in services.OPPORTUNITY_FIELDS}
    form = OpportunityForm(request.POST or None, initial={**initial, "employer": opportunity.employer_id},
                           employers=employers)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.opportunity_update(actor=request.user, opportunity=opportunity, employer=data.pop("employer"),
                                        **data)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Opportunity saved."))
            return redirect("employment:opportunity", opportunity_id=opportunity.pk)
    return render(request, "employment/form_page.html",
                  {"form": form, "title": _("Edit opportunity: %(title)s") % {"title": opportunity.title}},
                  status=400 if form.errors else 200)


@login_required
def opportunity_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(user=request.user, opportunity_id=opportunity_id)
    candidates = matching.candidates_for_opportunity(user=request.user, opportunity=opportunity)
    if candidates:
        audit.record(audit.Action.SEARCH, actor=request.user, obj=opportunity,
                     detail={"candidates": [c.case.pk for c in candidates]})
    return render(request, "employment/opportunity_detail.html", {
        "opportunity": opportunity, "candidates": candidates,
        "can_edit": has_org_perm(request.user, "opportunity.manage", opportunity.organization_id)})


@login_required
def portal_view(request: HttpRequest) -> HttpResponse:
    portal = selectors.employer_portal(user=request.user)
    if portal is None:
        raise Http404
    if portal["disclosed"]:
        audit.record(audit.Action.READ, actor=request.user, obj=portal["employer"],
                     detail={"portal": True, "placements": [d["placement_id"] for d in portal["disclosed"]]})
    return render(request, "employment/portal.html", portal)


@login_required
def portal_person_view(request: HttpRequest, placement_id: int) -> HttpResponse:
    person = selectors.employer_portal_person(user=request.user, placement_id=placement_id)
    audit.record(audit.Action.READ, actor=request.user, obj=person["employer"],
                 detail={"portal": True, "placement": person["placement_id"]})
    return render(request, "employment/portal_person.html", person)
