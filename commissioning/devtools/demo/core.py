"""Demo data: the Wiltshire and Swindon commissioning body."""

from commissioning.core.actors import Actor
from commissioning.core.models import CommissioningBody
from commissioning.devtools.demo.support import demo_upsert


def load(*, by: Actor) -> None:
    existing = CommissioningBody.objects.order_by("pk").first()
    demo_upsert(
        CommissioningBody,
        by=by,
        lookup={"pk": existing.pk} if existing else {},
        values={
            "name": "Office of the Police and Crime Commissioner for Wiltshire and Swindon",
            "short_name": "OPCC Wiltshire and Swindon",
            "commissioner_title": "Police and Crime Commissioner",
            "chief_executive_title": "Chief Executive",
            "chief_finance_officer_title": "Chief Finance Officer",
            "grant_identifier_prefix": "360G-opccwiltshire",
            "organisation_identifier": "GB-GOR-PC000162",
            "contact_email": "commissioning@example.org",
            "website": "https://www.wiltshire-pcc.gov.uk",
        },
    )
