"""Organisation admins manage who works in their organisation and with which role."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reintegra.core import grant_policy, services
from reintegra.core.models import Membership, Organization, Role, User
from reintegra.core.models_grants import GrantRequest, GrantStatus
from reintegra.core.permissions import organizations_with


class MemberForm(forms.Form):
    organization = forms.ModelChoiceField(label=gettext_lazy("Organisation"), queryset=Organization.objects.none())
    username = forms.RegexField(label=gettext_lazy("Username"), regex=r"^[\w.@+-]{3,150}$", max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail (needed only for a new account)"), required=False)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    area_scope = forms.CharField(label=gettext_lazy("Limit to area (optional)"), max_length=100, required=False)
    expires_on = forms.DateField(label=gettext_lazy("Access ends on (optional)"), required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        if organizations.count() == 1:
            self.fields["organization"].initial = organizations.first()


def _managed(request: HttpRequest):
    org_ids = organizations_with(request.user, "membership.manage")
    if not org_ids:
        raise Http404
    return Organization.objects.filter(id__in=org_ids)


@login_required
def members_view(request: HttpRequest) -> HttpResponse:
    organizations = _managed(request)
    form = MemberForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            # One transaction: a refused grant leaves no half-made account behind (and sends no e-mail).
            with transaction.atomic():
                user = User.objects.filter(username=data["username"]).first()
                if user is None:
                    user = services.staff_invite(actor=request.user, organization=data["organization"],
                                                 username=data["username"], email=data["email"], request=request)
                result = services.membership_grant(actor=request.user, organization=data["organization"],
                                                   user=user, role=data["role"], area_scope=data["area_scope"],
                                                   expires_on=data["expires_on"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            if isinstance(result, GrantRequest):
                messages.info(request, _("This role lets %(user)s see who survivors are (or hand out such roles), so "
                                         "another administrator must approve it. Until then it gives no access.")
                              % {"user": user.username})
            else:
                messages.success(request, _("%(user)s now has that role.") % {"user": user.username})
            return redirect("core:members")
    memberships = (Membership.objects.active().filter(organization__in=organizations)
                   .select_related("user", "organization").order_by("organization__name", "user__username"))
    return render(request, "core/members.html", {"form": form, "memberships": memberships,
                                                 "pending": _pending_visible_to(request, organizations),
                                                 "guarded_roles": _guarded_role_labels()},
                  status=400 if form.errors else 200)


def _pending_visible_to(request: HttpRequest, organizations) -> list[GrantRequest]:
    """Pending requests of the organisations the user manages (every organisation for a system admin),
    each marked with what this user may do with it."""
    pending = GrantRequest.objects.filter(status=GrantStatus.PENDING)
    if not grant_policy.is_system_admin(request.user):
        pending = pending.filter(organization__in=organizations)
    rows = list(pending.select_related("user", "organization", "requested_by"))
    for row in rows:
        row.may_approve = request.user.pk not in (row.requested_by_id, row.user_id) and (  # type: ignore[attr-defined]
            row.role != Role.SYSTEM_ADMIN or grant_policy.is_system_admin(request.user))
        row.is_own_request = row.requested_by_id == request.user.pk  # type: ignore[attr-defined]
    return rows


def _guarded_role_labels() -> list[str]:
    return [str(label) for value, label in Role.choices if value in grant_policy.roles_needing_second_approval()]


DECISIONS = {"approve", "reject"}


@login_required
def grant_decide_view(request: HttpRequest, request_id: int, decision: str) -> HttpResponse:
    """Confirmation page (GET) and decision (POST) on a pending grant; 404 when it is not the user's
    to decide, as for a missing one."""
    if decision not in DECISIONS:
        raise Http404
    grant = (GrantRequest.objects.select_related("user", "organization", "requested_by")
             .filter(pk=request_id, status=GrantStatus.PENDING).first())
    if grant is None or not grant_policy.may_decide(request.user, grant.organization_id):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            if decision == "approve":
                services.grant_request_approve(actor=request.user, request_id=grant.pk)
                messages.success(request, _("%(user)s now has the role %(role)s.")
                                 % {"user": grant.user.username, "role": grant.role_label})
            else:
                services.grant_request_reject(actor=request.user, request_id=grant.pk)
                messages.success(request, _("The request was rejected; %(user)s did not get the role.")
                                 % {"user": grant.user.username})
        except GrantRequest.DoesNotExist:
            raise Http404 from None
        except PermissionDenied as exc:
            error = str(exc)
        else:
            return redirect("core:members")
    return render(request, "core/grant_decide.html", {"grant": grant, "decision": decision, "error": error},
                  status=403 if error else 200)


@login_required
def member_revoke_view(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = Membership.objects.active().filter(pk=membership_id, organization__in=_managed(request)).first()
    if membership is None:
        raise Http404
    if request.method == "POST":
        services.membership_revoke(actor=request.user, membership=membership)
        messages.success(request, _("Access removed."))
        return redirect("core:members")
    return render(request, "core/member_revoke.html", {"membership": membership})
