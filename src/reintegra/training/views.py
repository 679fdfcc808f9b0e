"""Programmes (provider side), and a case's training (case side). Thin views over services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.core.permissions import has_org_perm
from reintegra.skills.selectors import pathway_case_get
from reintegra.skills.views import apply_errors
from reintegra.training import selectors, services
from reintegra.training.forms import (
    AttendanceForm,
    CommunityTraineeForm,
    EnrolForm,
    IntakeForm,
    ProgrammeEditForm,
    ProgrammeForm,
    StatusForm,
)
from reintegra.training.policies import is_provider_staff


@login_required
def programme_list_view(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programmes_visible_to(user=request.user)
    kind = request.GET.get("kind", "")
    if kind:
        programmes = programmes.filter(kind=kind)
    membership = request.active_membership  # type: ignore[attr-defined]
    can_create = membership is not None and has_org_perm(request.user, "training.manage", membership.organization_id)
    return render(request, "training/programme_list.html", {"programmes": programmes, "can_create": can_create})


@login_required
def programme_new_view(request: HttpRequest) -> HttpResponse:
    membership = request.active_membership  # type: ignore[attr-defined]
    if membership is None or not has_org_perm(request.user, "training.manage", membership.organization_id):
        raise Http404
    form = ProgrammeForm(request.POST or None, organization_id=membership.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(actor=request.user, organization=membership.organization,
                                                  **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Programme created."))
            return redirect("training:programme", programme_id=programme.pk)
    return render(request, "training/programme_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def programme_edit_view(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_for_editing(user=request.user, programme_id=programme_id)
    form = ProgrammeEditForm(request.POST or None, instance=programme, organization_id=programme.organization_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_update(actor=request.user, programme=programme, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Programme saved."))
            return redirect("training:programme", programme_id=programme.pk)
    return render(request, "training/programme_form.html", {"form": form, "programme": programme},
                  status=400 if form.errors else 200)


@login_required
def programme_view(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = selectors.programme_get(user=request.user, programme_id=programme_id)
    provider = is_provider_staff(request.user, programme.organization_id)
    form = CommunityTraineeForm(request.POST or None)
    intake_form = IntakeForm(auto_id="intake_%s")
    if request.method == "POST":
        if not provider:
            raise Http404
        if request.POST.get("form") == "intake":
            if not has_org_perm(request.user, "training.manage", programme.organization_id):
                raise Http404
            form = CommunityTraineeForm()
            intake_form = IntakeForm(request.POST, auto_id="intake_%s")
            if intake_form.is_valid():
                try:
                    services.intake_add(actor=request.user, programme=programme, **intake_form.cleaned_data)
                except (ValidationError, PermissionDenied) as exc:
                    apply_errors(intake_form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
                else:
                    messages.success(request, _("Intake added."))
                    return redirect("training:programme", programme_id=programme.pk)
        elif form.is_valid():
            try:
                services.enrol_community_trainee(actor=request.user, programme=programme, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Community trainee enrolled."))
                return redirect("training:programme", programme_id=programme.pk)
    return render(request, "training/programme_detail.html", {
        "programme": programme, "provider": provider, "form": form,
        "roll": selectors.provider_enrolments(user=request.user, programme=programme),
        "seats_left": selectors.seats_left(programme), "status_form": StatusForm(), "attendance_form": AttendanceForm(),
        "intake_form": intake_form, "intakes": programme.intakes.all(),
        "can_edit": has_org_perm(request.user, "training.manage", programme.organization_id),
    }, status=400 if (form.errors or intake_form.errors) else 200)


def _case_context(request: HttpRequest, case: Any, form: EnrolForm | None = None) -> dict[str, Any]:
    programmes = selectors.programmes_visible_to(user=request.user)
    return {"case": case, "enrolments": selectors.case_enrolments(case=case),
            "form": form or EnrolForm(programmes=programmes), "status_form": StatusForm(),
            "attendance_form": AttendanceForm(),
            "can_enrol": has_org_perm(request.user, "training.enrol", case.organization_id)}


@login_required
def case_training_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = pathway_case_get(user=request.user, case_id=case_id, purpose="training")
    if request.method != "POST":
        return render(request, "training/case.html", _case_context(request, case))
    case = pathway_case_get(user=request.user, case_id=case_id, perm="training.enrol", purpose="training")
    form = EnrolForm(request.POST, programmes=selectors.programmes_visible_to(user=request.user))
    if form.is_valid():
        data = dict(form.cleaned_data)
        programme = data.pop("programme")
        try:
            services.enrol_case(actor=request.user, case=case, programme=programme, **data)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Enrolled in %(p)s.") % {"p": programme.name})
            return redirect("training:case", case_id=case.pk)
    return render(request, "training/case.html", _case_context(request, case, form), status=400)


def _back(request: HttpRequest, enrolment: Any) -> HttpResponse:
    if request.POST.get("from") == "case" and enrolment.case_id:
        return redirect("training:case", case_id=enrolment.case_id)
    return redirect("training:programme", programme_id=enrolment.programme_id)


@login_required
@require_POST
def enrolment_status_view(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(user=request.user, enrolment_id=enrolment_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_set_status(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Check the status and the date."))
    return _back(request, enrolment)


@login_required
@require_POST
def attendance_view(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_get(user=request.user, enrolment_id=enrolment_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            services.attendance_record(actor=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Attendance saved."))
    else:
        messages.error(request, _("Enter the date."))
    return _back(request, enrolment)
