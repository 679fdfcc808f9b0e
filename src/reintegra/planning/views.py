"""Checklist self-assessment pages (thin: selectors read, services write)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.core import audit
from reintegra.core.models import Organization
from reintegra.core.permissions import has_org_perm, organizations_with
from reintegra.planning import evidence, exports, reference, selectors, services
from reintegra.planning.forms import ActionPointForm, AnswerForm, AssessmentForm, GenerateActionsForm
from reintegra.planning.models import AssessmentScope


def add_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def can_answer(user, assessment) -> bool:
    perm = "checklist.answer_network" if assessment.scope == AssessmentScope.NETWORK else "checklist.answer"
    return has_org_perm(user, perm, assessment.organization_id)


@login_required
def assessment_list_view(request: HttpRequest) -> HttpResponse:
    assessments = selectors.assessments_visible_to(user=request.user).order_by("organization__name", "-period_start")
    organizations = Organization.objects.filter(id__in=organizations_with(request.user, "checklist.answer"))
    form = AssessmentForm(request.POST or None, organizations=organizations)
    if request.method == "POST":
        if not organizations.exists():
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = services.assessment_create(actor=request.user, **data)
            except ValidationError as exc:
                add_errors(form, exc)
            except (PermissionDenied, Http404):
                form.add_error("scope", _("You cannot open an assessment with this scope for this organisation."))
            else:
                messages.success(request, _("Self-assessment opened."))
                return redirect("planning:assessment_detail", assessment_id=assessment.pk)
    return render(request, "planning/assessment_list.html", {
        "assessments": assessments, "form": form if organizations.exists() else None,
        "source": reference.checklist_document()["source"]}, status=400 if form.errors else 200)


@login_required
def assessment_detail_view(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    context = exports.assessment_context(user=request.user, assessment=assessment)
    context.update(can_answer=can_answer(request.user, assessment), generate_form=GenerateActionsForm(),
                   evidence_items=sorted(evidence.RULES))
    return render(request, "planning/assessment_detail.html", context)


@login_required
def section_edit_view(request: HttpRequest, assessment_id: int, code: str) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    section = reference.section_by_code(code)
    if section is None:
        raise Http404
    if not can_answer(request.user, assessment):
        raise PermissionDenied(_("You can read this self-assessment but not change it."))
    answers = {a.item_id: a for a in assessment.answers.filter(item_id__startswith=f"{code}.")}
    proposals = evidence.propose_all(assessment)
    forms = []
    for item in section.items:
        current = answers.get(item.id)
        initial = ({"answer": current.answer, "comment": current.comment, "evidence": current.evidence,
                    "owner": current.owner} if current else {})
        forms.append((item, proposals.get(item.id),
                      AnswerForm(request.POST or None, prefix=item.id, initial=initial)))
    if request.method == "POST" and all(form.is_valid() for _item, _p, form in forms):
        for item, _proposal, form in forms:
            if form.has_changed():
                services.answer_record(actor=request.user, assessment=assessment, item_id=item.id,
                                       **form.cleaned_data)
        messages.success(request, _("Answers for section %(code)s saved.") % {"code": code})
        return redirect("planning:assessment_detail", assessment_id=assessment.pk)
    return render(request, "planning/section_edit.html",
                  {"assessment": assessment, "section": section, "forms": forms})


@login_required
@require_POST
def actions_generate_view(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    form = GenerateActionsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the due date."))
    else:
        created = services.action_points_generate(actor=request.user, assessment=assessment, **form.cleaned_data)
        messages.success(request, _("%(count)d action points created.") % {"count": len(created)})
    return redirect("planning:assessment_detail", assessment_id=assessment.pk)


@login_required
def action_point_edit_view(request: HttpRequest, action_id: int) -> HttpResponse:
    action_point = get_object_or_404(selectors.action_points_visible_to(user=request.user), pk=action_id)
    if not can_answer(request.user, action_point.assessment):
        raise PermissionDenied(_("You can read this self-assessment but not change it."))
    form = ActionPointForm(request.POST or None, initial={
        "description": action_point.description, "owner": action_point.owner, "due_on": action_point.due_on,
        "status": action_point.status})
    if request.method == "POST" and form.is_valid():
        services.action_point_update(actor=request.user, action_point=action_point, **form.cleaned_data)
        messages.success(request, _("Action point saved."))
        return redirect("planning:assessment_detail", assessment_id=action_point.assessment_id)
    return render(request, "planning/action_point_edit.html", {"form": form, "action_point": action_point},
                  status=400 if form.errors else 200)


@login_required
def assessment_export_view(request: HttpRequest, assessment_id: int, fmt: str) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, assessment_id=assessment_id)
    context = exports.assessment_context(user=request.user, assessment=assessment)
    name = f"self-assessment-{assessment.organization_id}-{assessment.period_label}".replace(" ", "_")
    if fmt == "xlsx":
        body = exports.assessment_xlsx(context)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body = exports.render_pdf("planning/pdf/assessment.html", context)
        content_type = "application/pdf"
    else:
        raise Http404
    audit.record(audit.Action.EXPORT, actor=request.user, organization=assessment.organization_id, obj=assessment,
                 detail={"format": fmt})
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
