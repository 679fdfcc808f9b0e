"""Forms of the case pages; thin — the services validate and decide."""

from reintegra.cases.forms.base import BreakGlassForm, CaseOpenForm, CaseSearchForm
from reintegra.cases.forms.sections import (
    CloseForm,
    ConsentForm,
    ContactForm,
    ExploitationForm,
    FollowUpForm,
    IdentificationForm,
    NeedsForm,
    OutcomeForm,
    PhaseForm,
    PlanActionForm,
    PlanForm,
    PlanGoalForm,
    PlanReviewForm,
    ProtectionForm,
    ReopenForm,
    ScreeningForm,
    ShareForm,
    StatusForm,
    TeamForm,
)

__all__ = [
    "BreakGlassForm", "CaseOpenForm", "CaseSearchForm", "CloseForm", "ConsentForm", "ContactForm",
    "ExploitationForm", "FollowUpForm", "IdentificationForm", "NeedsForm", "OutcomeForm", "PhaseForm",
    "PlanActionForm", "PlanForm", "PlanGoalForm", "PlanReviewForm", "ProtectionForm", "ReopenForm",
    "ScreeningForm", "ShareForm", "StatusForm", "TeamForm",
]
