"""XLSX and PDF exports of self-assessments and of the NAP annual progress report.

Cells are escaped against formula injection. PDFs are the same HTML templates rendered by WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from reintegra.planning import charts, nap_selectors, reference, selectors
from reintegra.planning.models import ActivityStatus, AnswerChoice, NationalActionPlan, Pillar, SelfAssessment

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sheet(workbook: Workbook, title: str, header: list[str], rows: list[list[Any]], first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    return sheet


def _to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _label(value: str) -> str:
    return str(AnswerChoice(value).label) if value else ""


# --- Self-assessment ----------------------------------------------------------------------------

def assessment_context(*, user: Any, assessment: SelfAssessment) -> dict[str, Any]:
    history = selectors.progress_over_periods(user=user, assessment=assessment)
    return {
        "assessment": assessment,
        "sections": selectors.assessment_rows(assessment),
        "scores": selectors.section_scores(assessment),
        "history": history,
        "history_chart": charts.assessment_progress(history),
        "action_points": list(assessment.action_points.all()),
        "generated_at": timezone.now(),
        "source": reference.checklist_document()["source"],
    }


def assessment_xlsx(context: dict[str, Any]) -> bytes:
    workbook = Workbook()
    rows = []
    for section, items in context["sections"]:
        for row in items:
            answer = row.answer
            rows.append([section.code, row.item.id, row.item.text, _label(row.human_answer),
                         _label(row.proposal.answer) if row.proposal else "",
                         row.proposal.summary if row.proposal else "", _("yes") if row.disagrees else "",
                         answer.comment if answer else "", answer.evidence if answer else "",
                         answer.owner if answer else ""])
    _sheet(workbook, _("Answers"), [_("Section"), _("Item"), _("Question (paraphrased)"), _("Answer"),
                                    _("Proposed from data"), _("Data evidence"), _("Disagreement"),
                                    _("Comment"), _("Evidence"), _("Owner")], rows, first=True)
    _sheet(workbook, _("Action points"), [_("Item"), _("Description"), _("Owner"), _("Due on"), _("Status")],
           [[a.item_id, a.description, a.owner, a.due_on, a.get_status_display()]
            for a in context["action_points"]])
    codes = [s.code for s in reference.checklist_sections()]
    _sheet(workbook, _("Progress"), [_("Period"), _("Overall score"), *codes],
           [[h["assessment"].period_label, h["overall"], *[h["sections"][c]["score"] for c in codes]]
            for h in context["history"]])
    return _to_bytes(workbook)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


# --- NAP annual progress report -----------------------------------------------------------------

def annual_report_context(*, plan: NationalActionPlan, year: int, today: dt.date | None = None) -> dict[str, Any]:
    today = today or min(timezone.localdate(), dt.date(year, 12, 31))
    dashboard = nap_selectors.dashboard(plan, today=today)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    activities = [a for a in plan.activities.select_related("output__objective").prefetch_related(
        "partners", "action_points") if (a.start_on is None or a.start_on <= last) and
        (a.end_on is None or a.end_on >= first)]
    for row in dashboard["indicators"]:
        row["in_year"] = [v for v in row["values"] if v.measured_on.year == year]
    return {
        "plan": plan,
        "year": year,
        "today": today,
        "dashboard": dashboard,
        "activities": [(a, a.tracking(today)) for a in activities],
        "principles": list(plan.principles.all()),
        "tree": nap_selectors.theory_of_change(plan),
        "pillar_chart": charts.activities_by_pillar(dashboard),
        "indicator_chart": charts.indicator_progress(dashboard),
        "generated_at": timezone.now(),
    }


def annual_report_xlsx(context: dict[str, Any]) -> bytes:
    plan, dashboard = context["plan"], context["dashboard"]
    workbook = Workbook()
    _sheet(workbook, _("Plan"), [_("Field"), _("Value")], [
        [_("Title"), plan.title], [_("Country"), plan.country],
        [_("Period"), f"{plan.period_start} – {plan.period_end}"], [_("Long-term goal"), plan.long_term_goal],
        [_("Goal year"), plan.goal_year], [_("Geography"), plan.geography], [_("Report year"), context["year"]],
        *[[_("Guiding principle"), f"{p.title}: {p.text}"] for p in context["principles"]],
    ], first=True)
    _sheet(workbook, _("Objectives"), [_("Pillar"), _("Code"), _("Objective"), _("References"), _("Outputs")], [
        [str(node["pillar"].label), entry["objective"].code, entry["objective"].title,
         ", ".join(r["id"] for r in entry["refs"]), "; ".join(o["output"].title for o in entry["outputs"])]
        for node in context["tree"] for entry in node["objectives"]])
    _sheet(workbook, _("Activities"), [_("Pillar"), _("Output"), _("Activity"), _("Partners"), _("Budget"),
                                       _("Currency"), _("Start"), _("End"), _("Status"), _("Tracking"),
                                       _("Progress note"), _("Action points")], [
        [str(Pillar(a.output.objective.pillar).label), a.output.title, a.title,
         ", ".join(p.name for p in a.partners.all()), a.budget, a.currency, a.start_on, a.end_on,
         str(ActivityStatus(a.status).label), state, a.progress_note,
         ", ".join(ap.item_id for ap in a.action_points.all())]
        for a, state in context["activities"]])
    _sheet(workbook, _("Indicators"), [_("Indicator"), _("Unit"), _("Baseline"), _("Baseline year"), _("Target"),
                                       _("Target year"), _("Latest"), _("Latest on"), _("Progress (%)"),
                                       _("Values this year")], [
        [r["indicator"].name, r["indicator"].unit, r["indicator"].baseline_value, r["indicator"].baseline_year,
         r["indicator"].target_value, r["indicator"].target_year, r["latest"].value if r["latest"] else None,
         r["latest"].measured_on if r["latest"] else None,
         round(r["progress"] * 100) if r["progress"] is not None else None,
         "; ".join(f"{v.measured_on}: {v.value}" for v in r["in_year"])]
        for r in dashboard["indicators"]])
    _sheet(workbook, _("Partners"), [_("Organisation"), _("Activities"), _("Done"), _("Late"), _("Budget")], [
        [p["organization"].name, p["activities"], p["done"], p["late"], p["budget"]] for p in dashboard["partners"]])
    _sheet(workbook, _("By pillar"), [_("Pillar"), _("On track"), _("Late"), _("Done"), _("Cancelled"), _("Budget")], [
        [str(Pillar(p).label), s["on_track"], s["late"], s["done"], s["cancelled"],
         dashboard["budget_by_pillar"].get(p, Decimal(0))] for p, s in dashboard["by_pillar"].items()])
    return _to_bytes(workbook)
