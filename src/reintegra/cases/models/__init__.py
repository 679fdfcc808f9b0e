"""Case lifecycle models, split by concept (case, intake, protection, needs, plan, follow-up)."""

from reintegra.cases.models.case import Case, CaseEvent, CaseStatus, ClosureReason, Phase, PhaseChange
from reintegra.cases.models.followup import ContactMethod, EmploymentStatus, FollowUp, Reminder
from reintegra.cases.models.intake import (
    ContinuumStage,
    DecisionOrg,
    ExploitationEpisode,
    FormOfForcedLabour,
    Identification,
    IdentifiedBy,
    MechanismStage,
    MethodOfControl,
    RecruiterRelationship,
    ReferralReason,
    Screening,
    TraffickingStatus,
)
from reintegra.cases.models.needs import (
    OUTCOME_DOMAINS,
    Horizon,
    Need,
    NeedsAssessment,
    OutcomeAssessment,
    Readiness,
    Timepoint,
)
from reintegra.cases.models.plan import (
    ActionStatus,
    GoalArea,
    GoalStatus,
    PlanAction,
    PlanGoal,
    PlanReview,
    ReintegrationPlan,
)
from reintegra.cases.models.protection import CaseShare, Protection, SafetyRisk, Section

__all__ = [
    "OUTCOME_DOMAINS", "ActionStatus", "Case", "CaseEvent", "CaseShare", "CaseStatus", "ClosureReason",
    "ContactMethod", "ContinuumStage", "DecisionOrg", "EmploymentStatus", "ExploitationEpisode",
    "FollowUp", "FormOfForcedLabour", "GoalArea", "GoalStatus", "Horizon", "Identification",
    "IdentifiedBy", "MechanismStage", "MethodOfControl", "Need", "NeedsAssessment", "OutcomeAssessment",
    "Phase", "PhaseChange", "PlanAction", "PlanGoal", "PlanReview", "Readiness", "RecruiterRelationship",
    "Protection", "ReferralReason", "ReintegrationPlan", "Reminder", "SafetyRisk", "Screening", "Section", "Timepoint",
    "TraffickingStatus",
]
