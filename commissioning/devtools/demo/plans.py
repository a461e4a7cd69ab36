"""Demo data: the Police and Crime Plan 2017–2021 for Wiltshire and Swindon and the ten commissioning principles,
as the commissioning strategy (shared/seed) sets them out."""

from datetime import date

from commissioning.core.actors import Actor
from commissioning.devtools.demo.support import demo_upsert
from commissioning.plans.models import CommissioningPrinciple, Objective, Plan, Priority
from commissioning.plans.services import plan_make_current

PLAN_TITLE = "Police and Crime Plan 2017–2021"

PRIORITIES: list[tuple[str, str, list[str]]] = [
    (
        "Prevent crime and keep people safe",
        "Work with the police and partners to stop crime happening and reduce the harm it causes.",
        [
            "Reduce repeat offending through early intervention, diversion and restorative approaches",
            "Tackle anti-social behaviour and the crimes that matter most to local communities",
            "Keep roads safe and reduce harm caused by drugs and alcohol",
        ],
    ),
    (
        "Protect the most vulnerable people in society",
        "Identify and protect people at risk of harm, including from domestic abuse, sexual violence and "
        "exploitation.",
        [
            "Protect children and adults at risk from abuse, exploitation and cyber-crime",
            "Improve the response to people in mental health crisis",
            "Reduce domestic abuse and sexual violence and support those affected",
        ],
    ),
    (
        "Put victims, witnesses and communities at the heart of everything we do",
        "Make sure victims and witnesses get the support they need to cope and recover, and that communities "
        "are heard.",
        [
            "Commission services that help victims cope and recover",
            "Give communities a voice and support volunteering and community action",
            "Make restorative justice available to every victim who wants it",
        ],
    ),
    (
        "Secure a quality service that is trusted and efficient",
        "Make every pound count and hold services to account openly.",
        [
            "Use every pound wisely and commission services that are effective and efficient",
            "Publish decisions and spending openly",
            "Work with other commissioners and partners to join up services",
        ],
    ),
]

PRINCIPLES = [
    "Undertake the responsibility of commissioning when there is a clear need or sole responsibility of the "
    "Commissioner",
    "Have the information, external support and professional judgement to get a holistic understanding of need",
    "Engage with provider organisations, including those from the voluntary and community sector and other local "
    "experts, to understand and plan future services",
    "Commission services to deliver the Plan and put the outcomes for victims, witnesses and local communities at "
    "the heart of everything we do",
    "Commission specific services rather than providers of service",
    "As a preferred route, work with existing structures and organisations, where they exist and are effective and "
    "efficient, to commission goods and services",
    "Work with other commissioners to develop, integrate and join up approaches that deliver the best possible "
    "outcomes more efficiently",
    "Ensure all commissioned services have clear planned outcomes, where possible, and approaches are proportionate",
    "Use performance management systems that monitor and improve outcomes and correctly challenge poor "
    "performance whilst avoiding perverse behaviours; feedback from victims, communities and stakeholders is "
    "incorporated into these assessments",
    "Ensure commissioning is conducted in a legal, transparent, fair and proportionate way that encourages and "
    "facilitates the involvement of a diverse range of providers",
]


def load(*, by: Actor) -> None:
    plan = demo_upsert(
        Plan,
        by=by,
        lookup={"title": PLAN_TITLE},
        values={
            "starts_on": date(2017, 4, 1),
            "ends_on": date(2021, 3, 31),
            "summary": "The Commissioner's plan for policing and community safety in Wiltshire and Swindon, "
            "with four priorities that every commissioned service must help deliver.",
        },
    )
    for number, (title, description, objectives) in enumerate(PRIORITIES, start=1):
        priority = demo_upsert(
            Priority,
            by=by,
            lookup={"plan": plan, "number": number},
            values={"title": title, "description": description},
        )
        for objective_number, text in enumerate(objectives, start=1):
            demo_upsert(
                Objective,
                by=by,
                lookup={"priority": priority, "number": objective_number},
                values={"text": text},
            )
    if not plan.is_current:
        plan_make_current(by=by, plan=plan)
    for number, text in enumerate(PRINCIPLES, start=1):
        demo_upsert(
            CommissioningPrinciple, by=by, lookup={"number": number}, values={"text": text, "is_active": True}
        )
