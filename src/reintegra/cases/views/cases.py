"""Case list, search, detail, opening with the duplicate check, and break-glass access."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, Min, OuterRef
from django.forms import HiddenInput
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from reintegra.cases import selectors, services
from reintegra.cases.forms import BreakGlassForm, CaseOpenForm, CaseSearchForm
from reintegra.cases.models import FollowUp
from reintegra.cases.selectors import SURVIVOR_IDENTITY
from reintegra.cases.views.detail import case_context
from reintegra.core import audit
from reintegra.core.permissions import has_any_perm, has_org_perm
from reintegra.employment.timeline import pathway_for_case_page
from reintegra.people.services import Identity

NAME_IN_ADDRESS = gettext_lazy(
    "Names are never searched from the address bar or a link, because the address is kept in browser history "
    "and server logs. Type the name in the search box instead; only survivor codes (S-…) may be given in the "
    "address.")


@login_required
@require_http_methods(["GET", "POST"])
def case_list_view(request: HttpRequest) -> HttpResponse:
    """The case list. Filters and code prefixes may come by GET (bookmarkable, nothing identifying);
    the search box posts, so a name never reaches a URL, history or a log. Paging a posted search
    posts the page number with the same form.
    """
    if not has_any_perm(request.user, "case.view_assigned"):
        raise Http404  # as the menu: no case role in any organisation (e.g. an employer portal login)
    posted = request.method == "POST"
    data = request.POST if posted else request.GET
    form = CaseSearchForm(data or None)
    filters = form.cleaned_data if form.is_valid() else {}
    query = filters.get("q", "")
    if query and not posted and not selectors.is_code_query(query):
        # Refused, not searched: clear the name from the form so it is not echoed back either.
        without_name = data.copy()
        without_name["q"] = ""
        form = CaseSearchForm(without_name)
        form.is_valid()
        form.add_error("q", NAME_IN_ADDRESS)
        return _render_case_list(request, form, page=None, posted=False, status=400)
    cases = selectors.case_search(
        user=request.user,
        query=query,
        status=filters.get("status", ""),
        admin_area=filters.get("admin_area", ""),
    ).order_by("-opened_on", "-id").defer(*SURVIVOR_IDENTITY)
    if filters.get("phase"):
        cases = cases.filter(phase=filters["phase"])
    if filters.get("overdue"):
        cases = cases.filter(Exists(FollowUp.objects.filter(case=OuterRef("pk"), done_on__isnull=True,
                                                            due_on__lt=timezone.localdate())))
    page = Paginator(cases, 25).get_page(data.get("page"))
    # Next contact for the rows of this page only (one small query, not an aggregate over every case).
    next_due = dict(FollowUp.objects.filter(case__in=[c.pk for c in page.object_list], done_on__isnull=True)
                    .values("case_id").annotate(due=Min("due_on")).values_list("case_id", "due"))
    for case in page.object_list:
        case.next_due = next_due.get(case.pk)
    return _render_case_list(request, form, page=page, posted=posted)


def _render_case_list(request: HttpRequest, form: CaseSearchForm, *, page: Any, posted: bool,
                      status: int = 200) -> HttpResponse:
    membership = request.active_membership  # type: ignore[attr-defined]
    can_open = membership is not None and has_org_perm(request.user, "case.create", membership.organization_id)
    links = request.GET.copy()
    links.pop("page", None)
    template = "cases/_case_rows.html" if request.htmx else "cases/case_list.html"  # type: ignore[attr-defined]
    return render(request, template, {"form": form, "page": page, "can_open": can_open, "posted": posted,
                                      "query_string": "" if posted else links.urlencode(),
                                      "today": timezone.localdate()}, status=status)


@login_required
def case_detail_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id)
    context = case_context(request.user, case)
    context["pathway"] = pathway_for_case_page(user=request.user, case=case)
    if context["show_identity"]:
        audit.record(audit.Action.READ, actor=request.user, organization=case.organization_id,
                     obj=case.survivor, detail={"fields": "identity"})
    return render(request, "cases/case_detail.html", context)


@login_required
def case_open_view(request: HttpRequest) -> HttpResponse:
    """Search before create: possible duplicates are shown and must be dismissed explicitly."""
    membership = request.active_membership  # type: ignore[attr-defined]
    if membership is None or not has_org_perm(request.user, "case.create", membership.organization_id):
        raise Http404
    form = CaseOpenForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        birth_date = data["birth_date"].isoformat() if data["birth_date"] else ""
        duplicates = services.intake_duplicates(actor=request.user, organization=membership.organization,
                                                given_name=data["given_name"], family_name=data["family_name"],
                                                birth_date=birth_date)
        if duplicates and not data["confirm_new_person"]:
            form.add_error(None, _("This person may already be registered. Check the list below; open the "
                                   "existing case, or tick the box to confirm this is someone else."))
        else:
            try:
                case = services.case_open(
                    actor=request.user,
                    organization=membership.organization,
                    identity=Identity(given_name=data["given_name"], family_name=data["family_name"],
                                      birth_date=birth_date, phone=data["phone"]),
                    admin_area=data["admin_area"],
                    gender=data["gender"],
                    nationality=(data["nationality"] or "").upper(),
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Case opened for %(code)s.") % {"code": case.survivor.code})
                return redirect("cases:detail", case_id=case.pk)
    if not duplicates:
        form.fields["confirm_new_person"].widget = HiddenInput()
    return render(request, "cases/case_open.html",
                  {"form": form, "organization": membership.organization, "duplicates": duplicates},
                  status=400 if form.errors else 200)


@login_required
def break_glass_view(request: HttpRequest, case_id: int) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_break_glass(actor=request.user, case_id=case_id, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.message_dict.get("reason", exc.messages))
        else:
            messages.warning(request, _("Emergency access granted. Your organisation's admin can see this."))
            return redirect("cases:detail", case_id=case_id)
    return render(request, "cases/break_glass.html", {"form": form, "case_id": case_id},
                  status=400 if form.errors else 200)
