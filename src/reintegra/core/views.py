"""Sign-in (with optional TOTP), dashboard, organisation switcher, MFA set-up and the audit view."""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from reintegra.core.middleware import ActiveOrganizationMiddleware, client_ip
from reintegra.core.models import AuditEvent
from reintegra.core.permissions import has_any_perm
from reintegra.core.selectors import audit_events_visible_to
from reintegra.core.throttle import login_blocked

PENDING_MFA_USER = "pending_mfa_user_id"
PENDING_MFA_NEXT = "pending_mfa_next"


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}))
    password = forms.CharField(label=gettext_lazy("Password"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class TokenForm(forms.Form):
    token = forms.RegexField(label=gettext_lazy("Six-digit code from your authenticator app"),
                             regex=r"^\d{6}$", widget=forms.TextInput(attrs={
                                 "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}))


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/"


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if login_blocked(username=username, ip_address=client_ip(request)):
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes and try again."))
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                form.add_error(None, _("The username or password is not correct."))
            else:
                device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
                if device is None:
                    login(request, user)
                    return redirect(_safe_next(request, next_url))
                request.session[PENDING_MFA_USER] = user.pk
                request.session[PENDING_MFA_NEXT] = next_url
                return redirect("core:login_mfa")
    return render(request, "core/login.html", {"form": form, "next": next_url}, status=400 if form.errors else 200)


def login_mfa_view(request: HttpRequest) -> HttpResponse:
    from reintegra.core.models import User

    user_id = request.session.get(PENDING_MFA_USER)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("core:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if login_blocked(username=user.get_username(), ip_address=client_ip(request)):
            form.add_error(None, _("Too many failed attempts. Wait 15 minutes and try again."))
        else:
            device = next((d for d in TOTPDevice.objects.filter(user=user, confirmed=True)
                           if d.verify_token(form.cleaned_data["token"])), None)
            if device is None:
                from reintegra.core import audit

                audit.record(audit.Action.LOGIN_FAILED, actor_label=user.get_username(), object_type="core.user",
                             object_id=user.pk, ip_address=client_ip(request), detail={"step": "mfa"})
                form.add_error("token", _("That code is not valid. Check your device's clock and try again."))
            else:
                next_url = request.session.pop(PENDING_MFA_NEXT, "")
                request.session.pop(PENDING_MFA_USER, None)
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                otp_login(request, device)
                return redirect(_safe_next(request, next_url))
    return render(request, "core/login_mfa.html", {"form": form})


@login_required
def mfa_setup_view(request: HttpRequest) -> HttpResponse:
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            TOTPDevice.objects.filter(user=request.user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            from reintegra.core import audit

            audit.record(audit.Action.UPDATE, actor=request.user, object_type="core.user",
                         object_id=str(request.user.pk), detail={"mfa": "enabled"})
            messages.success(request, _("Two-step sign-in is now on for your account."))
            return redirect("core:dashboard")
        form.add_error("token", _("That code is not valid. Check your device's clock and try again."))
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("Authenticator set-up code"))
    enabled = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "core/mfa_setup.html", {"form": form, "qr_svg": qr_svg, "enabled": enabled,
                                                   "secret": device.bin_key.hex()})


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    from reintegra.cases.selectors import cases_visible_to

    cases = cases_visible_to(user=request.user)
    context: dict[str, Any] = {
        "open_case_count": cases.exclude(status__in=["Closed", "ClosedReferred"]).count(),
        "my_cases": cases.filter(case_manager_id=request.user.pk).order_by("-opened_on")[:10],
        "can_audit": has_any_perm(request.user, "audit.view"),
    }
    return render(request, "core/dashboard.html", context)


@login_required
@require_POST
def switch_organization_view(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("membership")
    memberships = getattr(request, "memberships", [])
    if not any(str(m.id) == wanted for m in memberships):
        return HttpResponseForbidden(_("You are not a member of that organisation."))
    request.session[ActiveOrganizationMiddleware.SESSION_KEY] = int(wanted or 0)
    return redirect(_safe_next(request, request.POST.get("next")))


@login_required
def audit_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "audit.view"):
        return render(request, "core/forbidden.html", status=403)
    events = audit_events_visible_to(user=request.user).order_by("-id")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    object_id = request.GET.get("object_id", "").strip()
    if object_id:
        events = events.filter(object_id=object_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    template = "core/_audit_rows.html" if request.htmx else "core/audit.html"  # type: ignore[attr-defined]
    return render(request, template, {"page": page, "actions": AuditEvent.Action.choices,
                                      "action": action, "object_id": object_id})
