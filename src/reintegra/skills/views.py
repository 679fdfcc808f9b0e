"""Skills profile page of a case: profile, coding suggestions (confirmed by the user), qualifications,
recognition of prior learning, career-guidance goals and the 3d checklist. Thin: selectors and
services do the work."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm, ChoiceField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from reintegra.planning.reference import section_by_code
from reintegra.skills import coding, selectors, services
from reintegra.skills.forms import (
    ChecklistForm,
    ConfirmForm,
    GoalForm,
    ProfileForm,
    QualificationForm,
    RplAdvanceForm,
    RplStartForm,
    SuggestForm,
)
from reintegra.skills.models import CodedItem, GuidanceGoal, RplRecord
from reintegra.skills.policies import can_act_on_case


def apply_errors(form: BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _context(request: HttpRequest, case: Any, **forms: Any) -> dict[str, Any]:
    profile = selectors.profile_of(case)
    answers = selectors.checklist_answers_of(case)
    section = section_by_code("3d")
    checklist = [{"item": item, "answer": answers.get(item.id)} for item in (section.items if section else ())]
    context = {
        "case": case, "profile": profile, "can_change": can_act_on_case(request.user, "skills.change", case),
        "goals": GuidanceGoal.objects.filter(case=case).order_by("-created_at"), "checklist": checklist,
        "answer_choices": cast(ChoiceField, ChecklistForm.base_fields["answer"]).choices,
        "profile_form": ProfileForm(instance=profile, auto_id="profile_%s"),
        "suggest_form": SuggestForm(auto_id="suggest_%s"), "goal_form": GoalForm(auto_id="goal_%s"),
        "qualification_form": QualificationForm(auto_id="qualification_%s"), "rpl_form": RplStartForm(auto_id="rpl_%s"),
        "advance_form": RplAdvanceForm(auto_id="advance_%s"),
    }
    context.update(forms)
    return context


@login_required
def profile_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.pathway_case_get(user=request.user, case_id=case_id, purpose="skills")
    return render(request, "skills/profile.html", _context(request, case))


def _post(request: HttpRequest, case_id: int, form_class: type[BaseForm], form_name: str, action) -> HttpResponse:
    case = selectors.pathway_case_get(user=request.user, case_id=case_id, perm="skills.change", purpose="skills")
    form = form_class(request.POST, auto_id=form_name.replace("_form", "") + "_%s")
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Saved."))
            return redirect("skills:profile", case_id=case.pk)
    return render(request, "skills/profile.html", _context(request, case, **{form_name: form}), status=400)


@login_required
@require_POST
def profile_save_view(request: HttpRequest, case_id: int) -> HttpResponse:
    def save(case: Any, data: dict[str, Any]) -> None:
        services.profile_save(actor=request.user, case=case, **data)

    return _post(request, case_id, ProfileForm, "profile_form", save)


@login_required
@require_POST
def suggest_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """Suggestions for words that may describe the person: POST, so they never sit in a URL or a log."""
    case = selectors.pathway_case_get(user=request.user, case_id=case_id, perm="skills.change", purpose="skills")
    form = SuggestForm(request.POST)
    suggestions: list[coding.Suggestion] = []
    kind = ""
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        finder = coding.suggest_skills if kind == CodedItem.Kind.SKILL else coding.suggest_occupations
        suggestions = finder(form.cleaned_data["text"])
    return render(request, "skills/_suggestions.html", {"case": case, "suggestions": suggestions, "kind": kind,
                                                         "text": form.data.get("text", ""), "form": form},
                  status=200 if form.is_valid() else 400)


@login_required
@require_POST
def confirm_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _post(request, case_id, ConfirmForm, "suggest_form", lambda case, data: services.coded_item_confirm(
        actor=request.user, case=case, kind=data["kind"], code=data["code"], source_text=data["source_text"]))


@login_required
@require_http_methods(["GET", "POST"])
def coded_item_remove_view(request: HttpRequest, case_id: int, item_id: int) -> HttpResponse:
    """GET asks for confirmation; only the POST of that page removes."""
    case = selectors.pathway_case_get(user=request.user, case_id=case_id, perm="skills.change", purpose="skills")
    item = get_object_or_404(CodedItem, pk=item_id, profile__case=case)
    if request.method == "GET":
        return render(request, "skills/coded_remove.html", {"case": case, "item": item})
    services.coded_item_remove(actor=request.user, item=item)
    return redirect("skills:profile", case_id=case.pk)


@login_required
@require_POST
def goal_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _post(request, case_id, GoalForm, "goal_form",
                 lambda case, data: services.goal_add(actor=request.user, case=case, **data))


@login_required
@require_POST
def qualification_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _post(request, case_id, QualificationForm, "qualification_form",
                 lambda case, data: services.qualification_add(actor=request.user, case=case, **data))


@login_required
@require_POST
def rpl_start_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _post(request, case_id, RplStartForm, "rpl_form",
                 lambda case, data: services.rpl_start(actor=request.user, case=case, **data))


@login_required
@require_POST
def rpl_advance_view(request: HttpRequest, case_id: int, record_id: int) -> HttpResponse:
    def advance(case: Any, data: dict[str, Any]) -> None:
        record = get_object_or_404(RplRecord, pk=record_id, profile__case=case)
        services.rpl_advance(actor=request.user, record=record, **data)

    return _post(request, case_id, RplAdvanceForm, "advance_form", advance)


@login_required
@require_POST
def checklist_view(request: HttpRequest, case_id: int) -> HttpResponse:
    return _post(request, case_id, ChecklistForm, "checklist_form",
                 lambda case, data: services.checklist_answer(actor=request.user, case=case, **data))


@login_required
@require_POST
def goal_status_view(request: HttpRequest, case_id: int, goal_id: int) -> HttpResponse:
    case = selectors.pathway_case_get(user=request.user, case_id=case_id, perm="skills.change", purpose="skills")
    goal = get_object_or_404(GuidanceGoal, pk=goal_id, case=case)
    try:
        services.goal_set_status(actor=request.user, goal=goal, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("skills:profile", case_id=case.pk)
