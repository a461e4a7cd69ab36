"""The commissioning cycle's records, one module per noun: needs assessments (`needs.py`), commissioning intentions
(`intentions.py`) and commissioning projects (`projects.py`)."""

from .intentions import INTENTIONS_TRANSITIONS, CommissioningIntentions, Intention, IntentionsStatus
from .needs import Evidence, EvidenceKind, NeedsAssessment, NeedsAssessmentVersion

# Commissioning projects
from .projects import (  # noqa: I001
    PROJECT_TRANSITIONS,
    STAGE_ORDER,
    Conclusion,
    MechanismOption,
    OptionVerdict,
    Outcome,
    OutcomeIndicator,
    PrincipleAnswer,
    Project,
    ProjectLaunch,
    ProjectStage,
    ReviewConclusion,
    Specification,
)

__all__ = [
    "INTENTIONS_TRANSITIONS",
    "CommissioningIntentions",
    "Evidence",
    "EvidenceKind",
    "Intention",
    "IntentionsStatus",
    "NeedsAssessment",
    "NeedsAssessmentVersion",
    # Commissioning projects
    "PROJECT_TRANSITIONS",
    "STAGE_ORDER",
    "Conclusion",
    "MechanismOption",
    "OptionVerdict",
    "Outcome",
    "OutcomeIndicator",
    "PrincipleAnswer",
    "Project",
    "ProjectLaunch",
    "ProjectStage",
    "ReviewConclusion",
    "Specification",
]
