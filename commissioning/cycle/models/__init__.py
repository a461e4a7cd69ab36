"""The commissioning cycle's records, one module per noun: needs assessments (`needs.py`), commissioning intentions
(`intentions.py`) and commissioning projects (`projects.py`)."""

from .intentions import INTENTIONS_TRANSITIONS, CommissioningIntentions, Intention, IntentionsStatus
from .needs import Evidence, EvidenceKind, NeedsAssessment, NeedsAssessmentVersion

__all__ = [
    "INTENTIONS_TRANSITIONS",
    "CommissioningIntentions",
    "Evidence",
    "EvidenceKind",
    "Intention",
    "IntentionsStatus",
    "NeedsAssessment",
    "NeedsAssessmentVersion",
]
