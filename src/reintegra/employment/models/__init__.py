from reintegra.employment.models.employers import (
    DECENT_WORK_CRITERIA,
    AwarenessSession,
    Employer,
    EmployerAccount,
    RegisterEntry,
)
from reintegra.employment.models.enterprises import Enterprise, StartupSupport, SupportSession, ViabilityCheck
from reintegra.employment.models.feedback import SATISFIED_FROM, EmployerFeedback
from reintegra.employment.models.market import MarketAppraisal, TradeInDemand
from reintegra.employment.models.mentors import Mentor
from reintegra.employment.models.placements import (
    RETENTION_MONTHS,
    ContractType,
    IndexVersion,
    Opportunity,
    Placement,
    RetentionCheck,
    Schedule,
)

__all__ = [
    "DECENT_WORK_CRITERIA", "RETENTION_MONTHS", "SATISFIED_FROM", "AwarenessSession", "ContractType",
    "Employer", "EmployerAccount", "EmployerFeedback", "Enterprise", "IndexVersion", "MarketAppraisal", "Mentor",
    "Opportunity", "Placement", "RegisterEntry", "RetentionCheck", "Schedule", "StartupSupport", "SupportSession",
    "TradeInDemand", "ViabilityCheck",
]
