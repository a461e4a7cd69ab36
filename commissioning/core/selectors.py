from .models import CommissioningBody

PLACEHOLDER_BODY = CommissioningBody(
    name="Commissioning body (not yet set up)",
    short_name="OpenCommissioning",
    grant_identifier_prefix="",
    organisation_identifier="",
)


def commissioning_body() -> CommissioningBody:
    """The one commissioning body this installation serves, or a placeholder until an administrator sets it up."""
    return CommissioningBody.objects.order_by("pk").first() or PLACEHOLDER_BODY
