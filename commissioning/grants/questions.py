"""The questions an application asks: the standard ones, a scheme's rewording and its own, and the declarations.

They are data, copied onto the application when it starts (Application.question_definitions), so an old answer is
always shown with the wording that was asked. Pure functions over that data, read by the services (which save the
answers), the forms and the selectors alike.
"""

from commissioning.grants.eligibility import SECTIONS
from commissioning.grants.models import Application, Scheme

SECTION_KEYS = [key for key, _ in SECTIONS]
SECTION_TITLES = dict(SECTIONS)

# The questions every application asks, by the key of the answer. "column" answers are columns of Application
# (the rules and reports use them); "answer" ones live in Application.answers. A scheme may reword any of them,
# or add its own ("answer" kind, in the section it names), in Scheme.question_definitions.
STANDARD_QUESTIONS: dict[str, dict[str, str]] = {
    "organisation_confirmed": {
        "section": "organisation",
        "kind": "answer",
        "label": "I confirm my organisation's details are correct",
        "hint": "We use these details in any offer of funding.",
    },
    "project_title": {
        "section": "project",
        "kind": "column",
        "label": "What is your project called?",
        "hint": "A short name we can use in letters and reports, like 'Safer nights in Devizes'.",
    },
    "project_summary": {
        "section": "project",
        "kind": "column",
        "label": "Describe your project",
        "hint": "What you will do, for whom, and why it is needed. Around 300 words is enough.",
    },
    "amount_requested": {
        "section": "project",
        "kind": "column",
        "label": "How much are you applying for?",
        "hint": "In pounds, like 2,500.",
    },
    "recurring": {
        "section": "project",
        "kind": "column",
        "label": "Will the project need this funding again every year?",
        "hint": "Some funds give one-off funding only.",
    },
    "priorities": {
        "section": "priorities",
        "kind": "column",
        "label": "Which Police and Crime Plan priorities will your project help deliver?",
        "hint": "Select all that apply.",
    },
    "priorities_explanation": {
        "section": "priorities",
        "kind": "column",
        "label": "How will your project help deliver these priorities?",
        "hint": "",
    },
    "outcomes": {
        "section": "outcomes",
        "kind": "column",
        "label": "What difference will your project make?",
        "hint": "The changes you expect to see, and how you will know they have happened.",
    },
    "beneficiaries": {
        "section": "outcomes",
        "kind": "column",
        "label": "Who will benefit?",
        "hint": "For example, young people at risk of exploitation, or victims of domestic abuse.",
    },
    "beneficiary_count": {
        "section": "outcomes",
        "kind": "column",
        "label": "About how many people will benefit?",
        "hint": "A whole number, like 120.",
    },
    "location": {
        "section": "outcomes",
        "kind": "column",
        "label": "Where will the work happen?",
        "hint": "The town, village or area, like Trowbridge town centre.",
    },
    "location_postcode": {
        "section": "outcomes",
        "kind": "column",
        "label": "Postcode of where the work happens (optional)",
        "hint": "Leave this empty if the work happens in many places.",
    },
    "budget_lines": {
        "section": "budget",
        "kind": "column",
        "label": "What will you spend the money on?",
        "hint": "Add a line for each cost. The lines must add up to the amount you are applying for.",
    },
    "starts_on": {
        "section": "dates",
        "kind": "column",
        "label": "When will the project start?",
        "hint": "For example, 1 4 2027",
    },
    "ends_on": {
        "section": "dates",
        "kind": "column",
        "label": "When will the project end?",
        "hint": "For example, 31 3 2028",
    },
    "documents": {
        "section": "documents",
        "kind": "column",
        "label": "Due-diligence documents",
        "hint": "Reuse your organisation's current documents, or upload new ones.",
    },
    "declaration_name": {
        "section": "declarations",
        "kind": "column",
        "label": "Your full name",
        "hint": "",
    },
    "declaration_role": {
        "section": "declarations",
        "kind": "column",
        "label": "Your role in the organisation",
        "hint": "For example, chair of trustees or project manager.",
    },
    "declaration_confirmations": {
        "section": "declarations",
        "kind": "answer",
        "label": "Declarations",
        "hint": "Select all three to confirm.",
    },
}

# The statements an applicant confirms, by stable key.
DECLARATIONS: list[tuple[str, str]] = [
    ("true", "The information in this application is true and complete to the best of my knowledge"),
    ("authority", "I have the authority to apply on behalf of the organisation"),
    ("changes", "We will tell you at once if anything in this application changes"),
]


def question_definitions_for(scheme: Scheme) -> dict[str, dict[str, str]]:
    """The standard questions with the scheme's rewording and its own questions merged in, in section order."""
    merged = {key: dict(question) for key, question in STANDARD_QUESTIONS.items()}
    for key, own in (scheme.question_definitions or {}).items():
        if not isinstance(own, dict):
            continue
        base = merged.get(key, {"section": "project", "kind": "answer", "label": key, "hint": ""})
        # A scheme cannot move a standard question's answer out of its column.
        own = {name: str(value) for name, value in own.items() if name in ("label", "hint", "section")}
        if key in STANDARD_QUESTIONS:
            own.pop("section", None)
        elif own.get("section") not in SECTION_TITLES:
            own["section"] = "project"
        merged[key] = {**base, **own}
    return _in_section_order(merged)


def _in_section_order(questions: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    order = {key: index for index, key in enumerate(SECTION_KEYS)}
    return dict(sorted(questions.items(), key=lambda item: order.get(item[1]["section"], len(order))))


def questions_asked(application: Application) -> dict[str, dict[str, str]]:
    """The questions the application asked, each with its section, kind, label and hint.

    Applications started here carry the full merged definitions. Rows made another way (imported or generated) may
    carry only a scheme's own questions in the scheme's shorter form; those are read as the standard questions plus
    their own, so every page can still show them."""
    asked = application.question_definitions or {}
    merged: dict[str, dict[str, str]] = {}
    if not any(key in asked for key in STANDARD_QUESTIONS):
        merged.update({key: dict(question) for key, question in STANDARD_QUESTIONS.items()})
    for key, question in asked.items():
        if not isinstance(question, dict):
            continue
        base = STANDARD_QUESTIONS.get(key, {"section": "project", "kind": "answer", "label": key, "hint": ""})
        entry = {
            **base,
            **{name: str(value) for name, value in question.items() if name in ("label", "hint")},
        }
        if key not in STANDARD_QUESTIONS and question.get("section") in SECTION_TITLES:
            entry["section"] = str(question["section"])
        merged[key] = entry
    return _in_section_order(merged)


def scheme_questions(application: Application, section: str) -> dict[str, dict[str, str]]:
    """The scheme's own questions (answered in `answers`) for one section, as the application asked them."""
    return {
        key: question
        for key, question in questions_asked(application).items()
        if question.get("section") == section and key not in STANDARD_QUESTIONS
    }
