from reintegra.employment.models.employers import (
    DECENT_WORK_CRITERIA,
    AwarenessSession,
    Employer,
    EmployerAccount,
    RegisterEntry,
)
from reintegra.employment.models.enterprises import Enterprise, StartupSupport, SupportSession, ViabilityCheck
from reintegra.employment.models.market import MarketAppraisal, TradeInDemand
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
    "DECENT_WORK_CRITERIA", "RETENTION_MONTHS", "AwarenessSession", "ContractType", "IndexVersion",
    "Employer",
    "EmployerAccount", "Enterprise", "MarketAppraisal", "Opportunity", "Placement", "RegisterEntry",
    "RetentionCheck", "Schedule", "StartupSupport", "SupportSession", "TradeInDemand", "ViabilityCheck",
]
