"""Word lists for generated data: plausible names of places, people, organisations and projects in the body's
area. Chosen by a seeded random generator, so a seed always gives the same data set."""

import random

TOWNS: tuple[tuple[str, str], ...] = (
    ("Swindon", "SN1"),
    ("Salisbury", "SP1"),
    ("Chippenham", "SN15"),
    ("Trowbridge", "BA14"),
    ("Devizes", "SN10"),
    ("Marlborough", "SN8"),
    ("Melksham", "SN12"),
    ("Warminster", "BA12"),
    ("Calne", "SN11"),
    ("Corsham", "SN13"),
    ("Westbury", "BA13"),
    ("Bradford on Avon", "BA15"),
    ("Royal Wootton Bassett", "SN4"),
    ("Malmesbury", "SN16"),
    ("Amesbury", "SP4"),
    ("Tidworth", "SP9"),
    ("Pewsey", "SN9"),
    ("Highworth", "SN6"),
    ("Cricklade", "SN6"),
    ("Mere", "BA12"),
    ("Tisbury", "SP3"),
    ("Downton", "SP5"),
    ("Ludgershall", "SP11"),
    ("Purton", "SN5"),
    ("Box", "SN13"),
    ("Market Lavington", "SN10"),
    ("Wroughton", "SN4"),
    ("Stratton St Margaret", "SN3"),
    ("Penhill", "SN2"),
    ("Old Town", "SN1"),
)

FIRST_NAMES = (
    "Aisha", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hannah", "Imran", "Jess", "Kwame", "Laura",
    "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tariq", "Una", "Victor", "Wendy", "Yusuf", "Zoe",
    "Andrew", "Bethan", "Callum", "Deborah", "Euan", "Fiona", "Grace", "Harry", "Isla", "Jack", "Kate", "Liam",
)  # fmt: skip
LAST_NAMES = (
    "Adams", "Begum", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
    "Morris", "Nowak", "Owen", "Patel", "Quinn", "Roberts", "Singh", "Taylor", "Usman", "Vaughan", "Walker",
    "Young", "Ahmed", "Baker", "Carter", "Dixon", "Ellis", "Fraser", "Gill", "Harris", "Jackson", "Kaur",
)  # fmt: skip
JOB_TITLES = ("Project lead", "Chair of trustees", "Service manager", "Treasurer", "Coordinator", "Director")

# What a voluntary or community organisation does, as it would appear in its name.
ACTIVITIES = (
    "Youth Boxing Club", "Foodbank", "Street Pastors", "Neighbourhood Watch", "Community Speedwatch",
    "Domestic Abuse Support", "Young Carers", "Men's Shed", "Women's Refuge", "Youth Club", "Community Garden",
    "Mentoring Project", "Restorative Justice Service", "Victim Support Group", "Rural Crime Network",
    "Drug and Alcohol Service", "Homeless Outreach", "Befriending Service", "Sports Trust", "Arts Collective",
    "Scout Group", "Cadets", "Mediation Service", "Debt Advice Centre", "Family Hub", "Recovery Café",
    "Community Radio", "Night Shelter", "Wellbeing Network", "Playing Fields Association", "Pump Track Project",
    "Knife Crime Awareness Group", "Online Safety Project", "Older People's Forum", "Refugee Welcome",
    "Disability Forum", "Pride Network", "Veterans' Support", "Credit Union", "Skate Park Association",
)  # fmt: skip
SECTOR_SUFFIXES: dict[str, tuple[str, ...]] = {
    "charity": ("", " Trust", " Charity", " Association"),
    "cio": (" CIO",),
    "cic": (" CIC",),
    "community_group": ("", " Group", " Volunteers", " Friends"),
    "private_company": (" Ltd", " Services Ltd", " Solutions Ltd", " Partners LLP"),
}
PUBLIC_BODIES: dict[str, tuple[str, ...]] = {
    "local_authority": ("{town} Town Council", "{town} Parish Council", "{town} Area Board"),
    "police_force": ("{town} Policing Team", "{town} Neighbourhood Policing"),
    "fire_rescue": ("{town} Fire Station", "{town} Community Fire Safety"),
    "nhs_body": (
        "{town} Health Centre",
        "{town} Primary Care Network",
        "{town} Community Mental Health Team",
    ),
    "policing_body": (
        "{town} Youth Offending Team",
        "{town} Probation Office",
        "{town} Community Safety Team",
    ),
}

PROJECT_AIMS = (
    "Safer streets", "Positive futures", "Hidden harm", "Safe at home", "Street safe", "Second chances",
    "Stronger together", "Safe spaces", "Know your rights", "Road safety", "Rural watch", "Scam aware",
    "Breaking the cycle", "Night safety", "Healthy relationships", "Recovery steps", "Safer online",
    "Community lighting", "Open doors", "Victim voices",
)  # fmt: skip
PROJECT_ACTIVITIES = (
    "evening youth sessions", "volunteer patrols", "peer mentoring", "a helpline", "safety equipment",
    "training for volunteers", "outreach in rural villages", "one-to-one support", "group workshops",
    "awareness sessions in schools", "drop-in advice", "a befriending scheme", "restorative meetings",
    "CCTV and lighting", "family support", "counselling", "diversionary sport", "a community café",
)  # fmt: skip
BENEFICIARIES = (
    "young people aged 11 to 18", "victims of domestic abuse", "older people living alone", "rural residents",
    "families in temporary housing", "people in recovery", "victims of fraud", "women and girls",
    "children at risk of exploitation", "people leaving prison", "residents of the estate", "carers",
)  # fmt: skip
BUDGET_ITEMS = (
    "Staff time", "Volunteer expenses", "Venue hire", "Equipment", "Training", "Publicity and printing",
    "Travel", "Insurance", "Evaluation", "Refreshments", "Materials", "Transport for participants",
)  # fmt: skip
REASONS_DECLINED = (
    "The panel found the outcomes too broad to measure within the grant period.",
    "The scheme was oversubscribed and higher-scoring applications met the same need.",
    "The budget did not show how the money would be spent on the project described.",
    "The application did not show enough evidence of need in the area.",
)
REASONS_APPROVED = (
    "The project meets a clear need, scores well against every criterion and is good value.",
    "Strong evidence of need and a realistic plan; approved as recommended by the panel.",
    "The panel agreed the project delivers the plan's priorities at a reasonable cost.",
)
REASONS_MODERATED = (
    "Assessors agreed; the evidence supports this score.",
    "Assessors differed; the higher score is supported by the letters of support.",
    "Assessors differed; the lower score reflects the gaps in the delivery plan.",
    "The moderation panel agreed this score after discussing the budget.",
)
ASSESSOR_COMMENTS = (
    "Clear evidence of need, with local data.",
    "The outcomes are measurable and realistic.",
    "Some gaps in the delivery plan.",
    "Good value for money for the numbers reached.",
    "Partnership working is well described.",
    "Little evidence of how success will be measured.",
)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def organisation_name(rng: random.Random, sector: str, taken: set[str]) -> tuple[str, str, str]:
    """A name not yet taken, with the town and postcode district it is in."""
    for attempt in range(50):
        town, district = rng.choice(TOWNS)
        if sector in PUBLIC_BODIES:
            name = rng.choice(PUBLIC_BODIES[sector]).format(town=town)
        else:
            name = f"{town} {rng.choice(ACTIVITIES)}{rng.choice(SECTOR_SUFFIXES[sector])}"
        if attempt > 10:
            name = f"{name} {attempt - 9}"
        if name not in taken:
            taken.add(name)
            return name, town, district
    raise RuntimeError("Could not find an organisation name that is not taken")


def postcode(rng: random.Random, district: str) -> str:
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"


def project_title(rng: random.Random) -> str:
    return f"{rng.choice(PROJECT_AIMS)}: {rng.choice(PROJECT_ACTIVITIES)}"
