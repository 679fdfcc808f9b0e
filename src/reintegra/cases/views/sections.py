"""One form page per case section. Each entry names its form and the service that saves it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from reintegra.cases import forms, selectors, services
from reintegra.cases.models import (
    ActionStatus,
    Case,
    GoalStatus,
    Identification,
    Need,
    PlanAction,
    PlanGoal,
    Protection,
    ReintegrationPlan,
)
from reintegra.core.permissions import has_org_perm
from reintegra.people.consent import ConsentRequired

# Sections whose form shows direct identifiers: only for roles that may see the person's identity.
IDENTITY_SECTIONS = {"protection", "contact"}


@dataclass(frozen=True)
class Spec:
    title: Any
    form: type
    save: Callable[[Any, Case, dict[str, Any]], Any]
    anchor: str
    build: Callable[[Case, Any], dict[str, Any]] | None = None  # extra form kwargs


def _model_instance(model: Any) -> Callable[[Case, Any], dict[str, Any]]:
    def build(case: Case, data: Any) -> dict[str, Any]:
        return {"instance": model.objects.filter(case=case).first() or model(case=case,
                                                                             organization=case.organization)}
    return build


def _plan_initial(case: Case, data: Any) -> dict[str, Any]:
    plan = ReintegrationPlan.objects.filter(case=case).first()
    if not plan:
        # Print in the survivor's first language when the interface is translated into it.
        spoken = [code.strip().lower() for code in case.survivor.languages.split(",") if code.strip()]
        available = {code for code, _name in settings.LANGUAGES}
        language = next((code for code in spoken if code in available), settings.LANGUAGE_CODE[:2])
        return {"initial": {"language": language}}
    return {"initial": {"objectives": plan.objectives, "language": plan.language,
                        "agreed_by_survivor": plan.agreed_by_survivor, "agreed_on": plan.agreed_on,
                        "agreement_note": plan.agreement_note}}


def _goals(case: Case, data: Any) -> dict[str, Any]:
    return {"goals": PlanGoal.objects.filter(plan__case=case)}


def _contact_initial(case: Case, data: Any) -> dict[str, Any]:
    s = case.survivor
    return {"initial": {"do_not_contact": s.do_not_contact, "safe_contact_instructions": s.safe_contact_instructions}}


def _team(case: Case, data: Any) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from reintegra.core.models import Membership

    member_ids = Membership.objects.active().filter(organization_id=case.organization_id).values("user_id")
    members = get_user_model().objects.filter(pk__in=member_ids, is_active=True).order_by("username")
    return {"members": members, "initial": {"case_manager": case.case_manager_id,
                                            "team": list(case.team.values_list("pk", flat=True))}}


def _save_action(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    goal = PlanGoal.objects.filter(plan__case=case, pk=d.pop("goal")).first()
    if goal is None:
        raise ValidationError({"goal": _("Choose a goal of this plan.")})
    return services.plan_action_add(actor=actor, case=case, goal=goal, **d)


def _save_screening(actor: Any, case: Case, d: dict[str, Any]) -> Any:
    codes = [c for name, value in d.items() if name.startswith("stage_") for c in value]
    return services.screening_record(actor=actor, case=case, age=d["age"], indicators=codes,
                                     presume_minor=d["presume_minor"])


SECTIONS: dict[str, Spec] = {
    "identification": Spec(gettext_lazy("Identification"), forms.IdentificationForm,
                           lambda a, c, d: services.identification_save(actor=a, case=c, **d), "identification",
                           _model_instance(Identification)),
    "exploitation": Spec(gettext_lazy("Add exploitation history"), forms.ExploitationForm,
                         lambda a, c, d: services.exploitation_add(actor=a, case=c, **d), "exploitation"),
    "screening": Spec(gettext_lazy("Forced-labour screening"), forms.ScreeningForm, _save_screening, "screening"),
    "consent": Spec(gettext_lazy("Record a consent decision"), forms.ConsentForm,
                    lambda a, c, d: services.case_consent_record(actor=a, case=c, **d), "consent"),
    "share": Spec(gettext_lazy("Share with an organisation"), forms.ShareForm,
                  lambda a, c, d: services.case_share(actor=a, case=c, **d), "consent"),
    "protection": Spec(gettext_lazy("Protection"), forms.ProtectionForm,
                       lambda a, c, d: services.protection_save(actor=a, case=c, **d), "protection",
                       _model_instance(Protection)),
    "contact": Spec(gettext_lazy("Contact restrictions"), forms.ContactForm,
                    lambda a, c, d: services.survivor_contact_update(actor=a, case=c, **d), "protection",
                    _contact_initial),
    "needs": Spec(gettext_lazy("Needs assessment"), forms.NeedsForm,
                  lambda a, c, d: services.needs_assessment_record(actor=a, case=c, **d), "needs"),
    "outcome": Spec(gettext_lazy("Outcome assessment"), forms.OutcomeForm,
                    lambda a, c, d: services.outcome_record(
                        actor=a, case=c, timepoint=d.pop("timepoint"), assessed_on=d.pop("assessed_on"),
                        note=d.pop("note"), scores=d), "outcomes"),
    "plan": Spec(gettext_lazy("Reintegration plan"), forms.PlanForm,
                 lambda a, c, d: services.plan_save(actor=a, case=c, **d), "plan", _plan_initial),
    "goal": Spec(gettext_lazy("Add a goal"), forms.PlanGoalForm,
                 lambda a, c, d: services.plan_goal_add(actor=a, case=c, **d), "plan"),
    "action": Spec(gettext_lazy("Add an action"), forms.PlanActionForm, _save_action, "plan", _goals),
    "review": Spec(gettext_lazy("Review the plan"), forms.PlanReviewForm,
                   lambda a, c, d: services.plan_review_add(actor=a, case=c, **d), "plan"),
    "team": Spec(gettext_lazy("Case manager and team"), forms.TeamForm,
                 lambda a, c, d: services.case_assign(actor=a, case=c, case_manager=d["case_manager"],
                                                      team=list(d["team"])), "case", _team),
    "follow-up": Spec(gettext_lazy("Record a follow-up contact"), forms.FollowUpForm,
                      lambda a, c, d: services.followup_record(actor=a, case=c, **d), "follow-ups"),
    "phase": Spec(gettext_lazy("Change phase"), forms.PhaseForm,
                  lambda a, c, d: services.phase_change(actor=a, case=c, **d), "phase"),
    "close": Spec(gettext_lazy("Close the case"), forms.CloseForm,
                  lambda a, c, d: services.case_close(actor=a, case=c, **d), "phase"),
    "reopen": Spec(gettext_lazy("Reopen the case"), forms.ReopenForm,
                   lambda a, c, d: services.case_reopen(actor=a, case=c, **d), "phase"),
}


def _clean(form: Any) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    for key, value in list(data.items()):
        if value is None and key in {"note", "purpose", "override_reason", "responsible_person", "currency"}:
            data[key] = ""
    return data


NEED_STATUSES = [("open", gettext_lazy("Open")), ("met", gettext_lazy("Met"))]


@login_required
@require_POST
def plan_status_view(request: HttpRequest, case_id: int, kind: str, item_id: int) -> HttpResponse:
    """Change the status of a goal or action of the plan, or of a need (inline forms on the case page)."""
    case = selectors.case_get(user=request.user, case_id=case_id, purpose="edit:plan")
    kinds: dict[str, tuple[Any, Any, Any]] = {
        "goal": (PlanGoal, GoalStatus.choices, services.plan_goal_set_status),
        "action": (PlanAction, ActionStatus.choices, services.plan_action_set_status),
        "need": (Need, NEED_STATUSES, services.need_set_status),
    }
    if kind not in kinds:
        raise Http404
    model, choices, save = kinds[kind]
    item = model.objects.filter(pk=item_id, organization_id=case.organization_id).first()
    anchor = "needs" if kind == "need" else "plan"
    if item is None:
        raise Http404
    form = forms.StatusForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            save(actor=request.user, case=case, **{kind: item}, status=form.cleaned_data["status"])
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Saved."))
    return redirect(f"{case.get_absolute_url()}#{anchor}")


@login_required
def section_view(request: HttpRequest, case_id: int, section: str) -> HttpResponse:
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    case = selectors.case_get(user=request.user, case_id=case_id, purpose=f"edit:{section}")
    if section in IDENTITY_SECTIONS and not has_org_perm(request.user, "survivor.view_identity",
                                                         case.organization_id):
        # These forms show the guardian's name and contact, or the safe-contact instructions.
        raise Http404
    extra = spec.build(case, request.POST) if spec.build else {}
    form = spec.form(request.POST or None, **extra)
    consent_missing = False
    if request.method == "POST" and form.is_valid():
        try:
            spec.save(request.user, case, form.payload() if hasattr(form, "payload") else _clean(form))
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        except ConsentRequired as exc:
            consent_missing = True
            form.add_error(None, str(exc))
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("Your role does not allow this."))
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{case.get_absolute_url()}#{spec.anchor}")
    return render(request, "cases/section_form.html",
                  {"case": case, "form": form, "spec": spec, "section": section,
                   "consent_missing": consent_missing}, status=400 if form.errors else 200)
