"""The organisation's register of mentors and coaches, with their training."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from reintegra.core import audit
from reintegra.core.permissions import has_any_perm, has_org_perm, organizations_with
from reintegra.employment import selectors
from reintegra.employment.forms import MentorForm
from reintegra.employment.services import mentors as services
from reintegra.skills.views import apply_errors


@login_required
def mentor_list_view(request: HttpRequest) -> HttpResponse:
    if not has_any_perm(request.user, "mentor.view"):
        raise Http404
    membership = request.active_membership  # type: ignore[attr-defined]
    can_manage = membership is not None and has_org_perm(request.user, "mentor.manage", membership.organization_id)
    form = MentorForm(request.POST or None, initial={"active": True})
    if request.method == "POST":
        if not can_manage:
            raise Http404
        if form.is_valid():
            try:
                services.mentor_create(actor=request.user, organization=membership.organization, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("Mentor or coach registered."))
                return redirect("employment:mentors")
    mentors = list(selectors.mentors_visible_to(user=request.user)[:1000])
    if mentors:
        audit.record(audit.Action.READ, actor=request.user, object_type="employment.mentor",
                     detail={"mentors": [m.pk for m in mentors]})
    managed_orgs = set(organizations_with(request.user, "mentor.manage"))
    manageable = {m.pk for m in mentors if m.organization_id in managed_orgs}
    return render(request, "employment/mentor_list.html", {
        "mentors": mentors, "form": form, "can_manage": can_manage, "manageable": manageable},
        status=400 if form.errors else 200)


@login_required
def mentor_edit_view(request: HttpRequest, mentor_id: int) -> HttpResponse:
    mentor = selectors.mentor_get(user=request.user, mentor_id=mentor_id, perm="mentor.manage")
    initial = {name: getattr(mentor, name) for name in services.MENTOR_FIELDS}
    form = MentorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentor_update(actor=request.user, mentor=mentor, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Mentor or coach saved."))
            return redirect("employment:mentors")
    return render(request, "employment/form_page.html",
                  {"form": form, "title": _("Edit mentor or coach")}, status=400 if form.errors else 200)
