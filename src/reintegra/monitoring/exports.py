"""Dashboard exports: CSV, XLSX (openpyxl) and PDF (WeasyPrint), built from published figures only."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reintegra.monitoring.statistics.dashboard import Dashboard

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Spreadsheet programs run cells starting with = + - @ as formulas; neutralise them."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def display(kind: Any, value: float | int | None) -> str:
    """`kind` is an indicator kind or an Indicator (whose unit then labels medians)."""
    unit = getattr(kind, "unit", "")
    kind = getattr(kind, "kind", kind)
    if value is None:
        return _("suppressed")
    if kind == "proportion":
        return f"{value * 100:.1f}%"
    if kind == "median" and unit == "days":
        return _("%(days)s days") % {"days": f"{value:g}"}
    if kind == "median":
        return f"{value:g}"
    return str(value)


def dashboard_rows(board: Dashboard) -> tuple[list[str], list[list[Any]]]:
    header = [_("Indicator code"), _("Indicator"), _("Disaggregation"), _("Group"), _("Count / denominator"),
              _("Numerator"), _("Value"), _("Shown as")]
    rows: list[list[Any]] = []
    for panel in board.panels:
        ind = panel.indicator
        rows.append([ind.code, ind.name, _("All"), "", panel.overall.count, panel.overall.numerator,
                     panel.overall.value, display(ind, panel.overall.value)])
        for dim, groups in panel.by_dimension.items():
            for g in groups:
                rows.append([ind.code, ind.name, board.dimensions.get(dim, dim), g.label, g.count, g.numerator,
                             g.value, display(ind, g.value)])
        label = getattr(panel, "distribution_label", "") or _("Days to closure")
        shown_as = ind if getattr(panel, "distribution_kind", "count") != "count" else "count"
        for g in panel.distribution:
            rows.append([ind.code, ind.name, label, g.label, g.count, None, g.value, display(shown_as, g.value)])
    return header, rows


def _facts(board: Dashboard, scope_label: str) -> list[tuple[str, Any]]:
    return [(_("Scope"), scope_label), (_("Period"), f"{board.start} – {board.end}"),
            (_("As of"), board.computed_at.strftime("%Y-%m-%d %H:%M UTC")),
            (_("Suppression threshold"), board.threshold), (_("Suppressed cells"), board.suppressed_cells)]


def _csv(facts: list[tuple[str, Any]], header: list, rows: list) -> bytes:
    """Facts as `# label,value` lines, then the table; every cell formula-escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for label, value in facts:
        writer.writerow([safe_cell(f"# {label}"), safe_cell(str(value))])
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell("" if v is None else v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_sheet(book: Any, title: str, facts: list[tuple[str, Any]], header: list, rows: list) -> None:
    """The workbook's first sheet: facts, a blank line, then the table; every cell formula-escaped."""
    sheet = book.active
    sheet.title = title[:31]
    for label, value in facts:
        sheet.append([safe_cell(label), safe_cell(str(value))])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])


def to_csv(board: Dashboard, scope_label: str) -> bytes:
    return _csv(_facts(board, scope_label), *dashboard_rows(board))


def to_xlsx(board: Dashboard, scope_label: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _xlsx_sheet(book, _("Indicators"), _facts(board, scope_label), *dashboard_rows(board))
    pending = book.create_sheet(_("Pending")[:31])
    pending.append([_("Indicator code"), _("Indicator"), _("Needs")])
    for ind in board.pending:
        pending.append([ind.code, safe_cell(ind.name), ", ".join(ind.sources)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(board: Dashboard, scope_label: str, charts: dict[str, str]) -> bytes:
    from weasyprint import HTML

    header, rows = dashboard_rows(board)
    html = render_to_string("monitoring/dashboard_pdf.html", {
        "board": board, "scope_label": scope_label, "facts": _facts(board, scope_label), "header": header,
        "rows": rows, "charts": charts})
    return HTML(string=html).write_pdf()


def comparison_rows(result: Any) -> tuple[list[str], list[list[Any]]]:
    """The comparison (statistics/comparison.py) as rows: overall, then programme by programme."""
    from reintegra.monitoring.statistics.comparison import MEASURES, POPULATIONS

    header = [_("Programme"), _("Measure code"), _("Measure"), _("Group"), _("Count / denominator"),
              _("Numerator"), _("Value"), _("Shown as")]
    rows: list[list[Any]] = []
    for row in result.rows:
        for population, cell in row.cells.items():
            if not row.recorded.get(population):
                rows.append([_("All"), row.code, row.label, str(POPULATIONS[population]), None, None, None,
                             _("not recorded")])
                continue
            rows.append([_("All"), row.code, row.label, str(POPULATIONS[population]), cell.count, cell.numerator,
                         cell.value, display(row.kind, cell.value)])
    for programme in result.by_programme:
        for code, groups in programme.cells.items():
            kind = "count" if code == "enrolled" else "proportion"
            for population, cell in groups.items():
                rows.append([programme.label, code, str(MEASURES[code]), str(POPULATIONS[population]), cell.count,
                             cell.numerator, cell.value, display(kind, cell.value)])
    return header, rows


def _comparison_facts(result: Any, scope_label: str, computed_at: Any) -> list[tuple[str, Any]]:
    return [(_("Scope"), scope_label), (_("Enrolments from"), f"{result.start} – {result.end}"),
            (_("As of"), computed_at.strftime("%Y-%m-%d %H:%M UTC")),
            (_("Suppression threshold"), result.threshold), (_("Suppressed cells"), result.suppressed_cells)]


def comparison_to_csv(result: Any, scope_label: str, computed_at: Any) -> bytes:
    return _csv(_comparison_facts(result, scope_label, computed_at), *comparison_rows(result))


def comparison_to_xlsx(result: Any, scope_label: str, computed_at: Any) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    _xlsx_sheet(book, _("Comparison"), _comparison_facts(result, scope_label, computed_at), *comparison_rows(result))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
