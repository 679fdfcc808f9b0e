"""Every write of case data: keyword-only functions taking the acting user, one transaction and an
audit entry each. Split by concept; everything is importable from `reintegra.cases.services`."""

from reintegra.cases.services.cases import (
    case_assign,
    case_break_glass,
    case_open,
    case_open_for_survivor,
)
from reintegra.cases.services.consent import case_consent_record, case_share, case_share_end
from reintegra.cases.services.followup import (
    case_close,
    case_reopen,
    followup_record,
    phase_change,
    reminder_dismiss,
    reminders_generate,
)
from reintegra.cases.services.intake import (
    exploitation_add,
    identification_save,
    intake_duplicates,
    screening_record,
)
from reintegra.cases.services.needs import need_set_status, needs_assessment_record, outcome_record
from reintegra.cases.services.plan import (
    plan_action_add,
    plan_action_set_status,
    plan_goal_add,
    plan_goal_set_status,
    plan_review_add,
    plan_save,
)
from reintegra.cases.services.protection import protection_save, survivor_contact_update

__all__ = [
    "case_assign", "case_break_glass", "case_close", "case_consent_record", "case_open",
    "case_open_for_survivor", "case_reopen", "case_share", "case_share_end", "exploitation_add",
    "followup_record", "identification_save", "intake_duplicates", "need_set_status", "needs_assessment_record",
    "outcome_record", "phase_change", "plan_action_add", "plan_action_set_status", "plan_goal_add",
    "plan_goal_set_status", "plan_review_add", "plan_save", "protection_save", "reminder_dismiss",
    "reminders_generate", "screening_record",
    "survivor_contact_update",
]
