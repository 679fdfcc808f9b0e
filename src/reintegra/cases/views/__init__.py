"""Case pages (thin: selectors read, services write)."""

from reintegra.cases.views.cases import break_glass_view, case_detail_view, case_list_view, case_open_view
from reintegra.cases.views.followups import followups_view, reminder_dismiss_view
from reintegra.cases.views.plan_pdf import plan_pdf_view
from reintegra.cases.views.sections import plan_status_view, section_view

__all__ = ["break_glass_view", "case_detail_view", "case_list_view", "case_open_view", "followups_view",
           "plan_pdf_view", "plan_status_view", "reminder_dismiss_view",
           "section_view"]
