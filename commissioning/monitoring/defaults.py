"""The monitoring rules and return forms the product ships with; a body changes them as data afterwards.

A form definition is `{"version": 1, "sections": [{"key", "title", "questions": [question, ...]}]}` where each
question is `{"key", "label", "hint", "type", "required"}` and `type` is one of QUESTION_TYPES.
"""

from datetime import date
from decimal import Decimal
from typing import Any

QUESTION_TYPES = ("text", "textarea", "number", "money", "files", "indicators")

# The question whose answer is the return's spend to date, kept in its own column rather than in `answers`.
SPEND_KEY = "spend_to_date"

# In effect from before any agreement the service holds.
DEFAULT_TIERS_FROM = date(2020, 4, 1)

DEFAULT_TIERS: list[dict[str, Any]] = [
    {
        "name": "Light touch: under £10,000",
        "min_value": Decimal("0"),
        "max_value": Decimal("10000"),
        "frequency": "end_only",
        "needs_indicators": False,
        "needs_review_meeting": False,
        "due_days": 30,
    },
    {
        "name": "Standard: £10,000 to £99,999",
        "min_value": Decimal("10000"),
        "max_value": Decimal("100000"),
        "frequency": "six_monthly",
        "needs_indicators": False,
        "needs_review_meeting": False,
        "due_days": 30,
    },
    {
        "name": "Enhanced: £100,000 and over",
        "min_value": Decimal("100000"),
        "max_value": None,
        "frequency": "quarterly",
        "needs_indicators": True,
        "needs_review_meeting": True,
        "due_days": 30,
    },
]


def _q(key: str, label: str, kind: str, *, hint: str = "", required: bool = True) -> dict[str, Any]:
    return {"key": key, "label": label, "hint": hint, "type": kind, "required": required}


GENERAL_SECTIONS: list[dict[str, Any]] = [
    {
        "key": "delivery",
        "title": "What you delivered",
        "questions": [
            _q(
                "outputs",
                "What did you deliver in this period?",
                "textarea",
                hint="For example, sessions run, people reached, items produced.",
            ),
            _q(
                "outcomes",
                "What difference did it make?",
                "textarea",
                hint="The changes for the people you worked with.",
            ),
            _q("indicators", "Progress against your indicators", "indicators", required=False),
        ],
    },
    {
        "key": "money",
        "title": "Money",
        "questions": [
            _q(
                "spend_to_date",
                "How much have you spent to date?",
                "money",
                hint="The total spent since the agreement started, against the budget agreed.",
            ),
            _q(
                "spend_variance",
                "If spending differs from the budget, tell us why",
                "textarea",
                required=False,
            ),
        ],
    },
    {
        "key": "story",
        "title": "Your story",
        "questions": [
            _q(
                "narrative",
                "Tell us how the work is going",
                "textarea",
                hint="Include anything that went well, problems and what you are doing about them.",
            ),
            _q(
                "case_studies",
                "Case studies",
                "textarea",
                required=False,
                hint="Do not include anything that could identify a person.",
            ),
            _q(
                "evidence",
                "Evidence",
                "files",
                required=False,
                hint="Upload reports, photographs or other evidence.",
            ),
        ],
    },
]

VICTIM_SERVICES_SECTION: dict[str, Any] = {
    "key": "victims",
    "title": "Victim services",
    "questions": [
        _q("referrals_received", "How many referrals did you receive in this period?", "number"),
        _q("victims_supported", "How many victims did you support in this period?", "number"),
        _q(
            "victims_cope_recover",
            "How many of the victims you supported were helped to cope and recover?",
            "number",
            hint="Count each victim once, as the Ministry of Justice outcome measures ask.",
        ),
        _q(
            "cope_recover_outcomes",
            "What outcomes show victims were helped to cope and recover?",
            "textarea",
            hint="For example, feeling safer, better health and wellbeing, more able to take part in the "
            "criminal justice process.",
        ),
    ],
}

DEFAULT_TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "general",
        "name": "General monitoring return",
        "definition": {"version": 1, "sections": GENERAL_SECTIONS},
    },
    {
        "key": "victim-services",
        "name": "Victim services monitoring return",
        "definition": {"version": 1, "sections": [VICTIM_SERVICES_SECTION, *GENERAL_SECTIONS]},
    },
]


def tiers_default(tier_model: Any, template_model: Any) -> None:
    """Load the shipped tiers and return templates, once: rows already there (by name or key) are left alone.

    Takes the model classes so a data migration can pass its historical models.
    """
    for tier in DEFAULT_TIERS:
        tier_model.objects.get_or_create(
            name=tier["name"],
            effective_from=DEFAULT_TIERS_FROM,
            defaults={k: v for k, v in tier.items() if k != "name"},
        )
    for template in DEFAULT_TEMPLATES:
        template_model.objects.get_or_create(
            key=template["key"], defaults={"name": template["name"], "definition": template["definition"]}
        )
