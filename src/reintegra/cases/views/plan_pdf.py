"""The reintegration plan as a PDF (WeasyPrint), in the plan's language where translated."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reintegra.cases import selectors
from reintegra.cases.models import ReintegrationPlan
from reintegra.core import audit
from reintegra.core.permissions import has_org_perm


def plan_html(plan: ReintegrationPlan, *, show_identity: bool) -> str:
    case = plan.case
    with translation.override(plan.language):
        return render_to_string("cases/plan_pdf.html", {
            "plan": plan, "case": case, "survivor": case.survivor, "show_identity": show_identity,
            "goals": plan.goals.prefetch_related("actions__responsible_organization"),
            "reviews": plan.reviews.all()[:5], "printed_on": timezone.localdate(),
        })


@login_required
def plan_pdf_view(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, case_id=case_id, purpose="plan_pdf")
    plan = ReintegrationPlan.objects.filter(case=case).first()
    if plan is None:
        raise Http404
    from weasyprint import HTML

    show_identity = has_org_perm(request.user, "survivor.view_identity", case.organization_id)
    pdf = HTML(string=plan_html(plan, show_identity=show_identity)).write_pdf()
    audit.record(audit.Action.EXPORT, actor=request.user, organization=case.organization_id, obj=plan,
                 detail={"format": "pdf", "identity": show_identity})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="plan-{case.survivor.code}.pdf"'
    return response
