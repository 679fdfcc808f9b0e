"""Referral pages: lists, create and send, detail with the actions of each side, feedback."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reintegra.cases.selectors import case_get, case_search
from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.directory.models import Service
from reintegra.referrals import selectors, services
from reintegra.referrals.consent import section_choices
from reintegra.referrals.forms import CompleteForm, DeclineForm, FeedbackForm, ReferralForm
from reintegra.referrals.models import Notification, Status


def _errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def referral_list_view(request: HttpRequest) -> HttpResponse:
    incoming = selectors.referrals_incoming(user=request.user)[:100]
    outgoing = selectors.referrals_outgoing(user=request.user)[:100]
    return render(request, "referrals/referral_list.html", {
        "incoming": incoming, "outgoing": outgoing, "can_refer": has_any_perm(request.user, "referral.create")})


@login_required
def referral_find_case_view(request: HttpRequest) -> HttpResponse:
    """Start a referral, a match or a transfer from a survivor code (the case page may link here)."""
    code = request.GET.get("code", "").strip().upper()
    target = request.GET.get("next", "new")
    if target not in {"new", "match", "transfer_new"}:
        raise Http404
    case = case_search(user=request.user, query=code).first() if code.startswith("S-") else None
    if case is None:
        messages.error(request, _("No case you can see has that survivor code."))
        return redirect("referrals:list")
    return redirect(f"referrals:{target}", case_id=case.pk)


@login_required
def referral_new_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get(user=request.user, case_id=case_id, purpose="referral")
    if not has_org_perm(request.user, "referral.create", case.organization_id):
        raise Http404
    initial: dict[str, Any] = {"sections": ["summary"]}
    service = None
    service_id = request.GET.get("service") or request.POST.get("service")
    if service_id:
        service = Service.objects.select_related("provider__member").filter(pk=service_id).first()
        if service and service.provider and service.provider.member_id:
            initial["recipient"] = service.provider.member_id
    if request.GET.get("recipient", "").isdigit():
        initial["recipient"] = int(request.GET["recipient"])
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_create(
                actor=request.user, case=case, recipient=data["recipient"], reason=data["reason"],
                sections=data["sections"], urgency=data["urgency"], service=service,
                response_due=data["response_due"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if data["send_now"]:
                try:
                    services.referral_send(actor=request.user, referral=referral)
                    messages.success(request, _("Referral R-%(id)s sent.") % {"id": referral.pk})
                except PermissionDenied as exc:
                    messages.error(request, str(exc))
            return redirect("referrals:detail", referral_id=referral.pk)
    return render(request, "referrals/referral_new.html", {"form": form, "case": case, "service": service},
                  status=400 if form.errors else 200)


@login_required
def referral_detail_view(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral, side = selectors.referral_get(user=request.user, referral_id=referral_id)
    shared = None
    labels = dict(section_choices())
    if side == "recipient" and selectors.recipient_may_see_case(referral):
        shared = selectors.referred_case_view(user=request.user, referral_id=referral.pk)
    return render(request, "referrals/referral_detail.html", {
        "referral": referral, "side": side, "shared": shared, "events": referral.events.all(),
        "decline_form": DeclineForm(), "complete_form": CompleteForm(), "feedback_form": FeedbackForm(),
        "Status": Status, "feedback": referral.feedback.all() if side == "sender" else None,
        "section_labels": [labels.get(code, code) for code in referral.shared_sections],
    })


@login_required
@require_POST
def referral_action_view(request: HttpRequest, referral_id: int, action: str) -> HttpResponse:
    referral, side = selectors.referral_get(user=request.user, referral_id=referral_id)
    post = request.POST
    try:
        if action == "send" and side == "sender":
            services.referral_send(actor=request.user, referral=referral)
        elif action == "cancel" and side == "sender":
            services.referral_cancel(actor=request.user, referral=referral, reason=post.get("reason", ""))
        elif action == "feedback" and side == "sender":
            form = FeedbackForm(post)
            if not form.is_valid():
                raise ValidationError(_("Give a rating from 1 to 5."))
            services.feedback_record(actor=request.user, referral=referral, **form.cleaned_data)
        elif action == "accept" and side == "recipient":
            services.referral_accept(actor=request.user, referral=referral)
        elif action == "decline" and side == "recipient":
            services.referral_decline(actor=request.user, referral=referral, reason=post.get("reason", ""))
        elif action == "start" and side == "recipient":
            services.referral_start(actor=request.user, referral=referral)
        elif action == "complete" and side == "recipient":
            services.referral_complete(actor=request.user, referral=referral, outcome=post.get("outcome", ""),
                                       note=post.get("note", ""))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Done."))
    return redirect("referrals:detail", referral_id=referral.pk)


@login_required
def notifications_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    notices = Notification.objects.filter(user=user)[:100]
    response = render(request, "referrals/notifications.html", {"notices": notices})
    Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    return response
