import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reintegra.planning import exports, nap_services, services


@pytest.fixture
def answered(assessment, supervisor, org, case_manager, make_case):
    make_case(org, case_manager, opened_on=dt.date(2026, 2, 1))
    services.answer_record(actor=supervisor, assessment=assessment, item_id="3b.2.13", answer="no",
                           comment="=HYPERLINK(\"http://evil\")", owner="Director")
    services.action_points_generate(actor=supervisor, assessment=assessment, due_on=dt.date(2026, 10, 1))
    return assessment


def test_assessment_xlsx(answered, supervisor, settings):
    settings.REINTEGRA_SUPPRESSION_THRESHOLD = 1  # one case: proposal column filled (test_evidence_suppression)
    context = exports.assessment_context(user=supervisor, assessment=answered)
    book = load_workbook(io.BytesIO(exports.assessment_xlsx(context)))
    assert book.sheetnames == ["Answers", "Action points", "Progress"]
    rows = list(book["Answers"].iter_rows(values_only=True))
    assert len(rows) == 1 + 88
    row = next(r for r in rows if r[1] == "3b.2.13")
    assert row[3] == "No" and row[4] == "Yes" and row[6] == "yes"
    assert row[7].startswith("'=")  # formula injection neutralised
    assert len(list(book["Action points"].iter_rows())) == 1 + 88
    assert list(book["Progress"].iter_rows(values_only=True))[1][0] == "2026"


def test_assessment_pdf(answered, supervisor):
    context = exports.assessment_context(user=supervisor, assessment=answered)
    pdf = exports.render_pdf("planning/pdf/assessment.html", context)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx"])
def test_safe_cell_escapes_formulas(value):
    assert exports.safe_cell(value) == "'" + value


def test_safe_cell_keeps_plain_values():
    assert exports.safe_cell("plain") == "plain"
    assert exports.safe_cell(Decimal("1.5")) == 1.5
    assert exports.safe_cell(3) == 3


def test_annual_report_xlsx_and_pdf(plan, coordinator, make_org):
    partner = make_org(name="Labour Ministry")
    objective = nap_services.objective_add(actor=coordinator, plan=plan, pillar="prevention", title="Fair recruitment",
                                           legal_refs=["P029-2(d)", "R203-4(i)"])
    output = nap_services.output_add(actor=coordinator, objective=objective, title="Recruiters licensed")
    nap_services.activity_add(actor=coordinator, output=output, title="License agencies", partners=[partner],
                              budget=Decimal("2500"), currency="NPR", start_on=dt.date(2026, 1, 1),
                              end_on=dt.date(2026, 3, 31))
    nap_services.activity_add(actor=coordinator, output=output, title="Next year's work",
                              start_on=dt.date(2028, 1, 1), end_on=dt.date(2028, 3, 31))
    indicator = nap_services.indicator_add(actor=coordinator, plan=plan, name="Licensed agencies", objective=objective,
                                           baseline_value=Decimal("0"), target_value=Decimal("40"))
    nap_services.indicator_value_record(actor=coordinator, indicator=indicator, measured_on=dt.date(2026, 6, 30),
                                        value=Decimal("10"))
    nap_services.indicator_value_record(actor=coordinator, indicator=indicator, measured_on=dt.date(2025, 12, 31),
                                        value=Decimal("2"))
    context = exports.annual_report_context(plan=plan, year=2026, today=dt.date(2026, 12, 31))
    book = load_workbook(io.BytesIO(exports.annual_report_xlsx(context)))
    assert book.sheetnames == ["Plan", "Objectives", "Activities", "Indicators", "Partners", "By pillar"]
    activities = list(book["Activities"].iter_rows(values_only=True))[1:]
    assert [(a[2], a[3], a[4], a[9]) for a in activities] == [("License agencies", "Labour Ministry", 2500, "late")]
    indicator_row = list(book["Indicators"].iter_rows(values_only=True))[1]
    assert indicator_row[8] == 25 and indicator_row[9] == "2026-06-30: 10.00"
    objectives = list(book["Objectives"].iter_rows(values_only=True))[1]
    assert objectives[3] == "P029-2(d), R203-4(i)"
    pdf = exports.render_pdf("planning/pdf/annual_report.html", context)
    assert pdf.startswith(b"%PDF")
