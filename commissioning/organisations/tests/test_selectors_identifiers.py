"""The identifier to publish is chosen by one rule, in Python (`Organisation.preferred_identifier`) and as a
column of a query (`preferred_org_id`, for exports): both choose the same."""

import pytest
from django.db.models import OuterRef

from commissioning.organisations.models import Organisation
from commissioning.organisations.selectors import preferred_org_id

from .factories import IdentifierFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_query_column_chooses_as_the_model_does():
    none = OrganisationFactory(name="No identifiers")
    by_priority = OrganisationFactory(name="Company and charity")
    IdentifierFactory(organisation=by_priority, scheme="GB-COH", value="01234567")
    IdentifierFactory(organisation=by_priority, scheme="GB-CHC", value="1100001")
    marked = OrganisationFactory(name="Marked preferred")
    IdentifierFactory(organisation=marked, scheme="GB-CHC", value="1100002")
    IdentifierFactory(organisation=marked, scheme="GB-COH", value="07654321", is_preferred=True)
    columns = dict(
        Organisation.objects.annotate(org_id=preferred_org_id(OuterRef("pk"))).values_list("pk", "org_id")
    )
    for organisation in (none, by_priority, marked):
        preferred = organisation.preferred_identifier
        assert columns[organisation.pk] == (preferred.org_id if preferred else None)
    assert columns[by_priority.pk] == "GB-CHC-1100001"
    assert columns[marked.pk] == "GB-COH-07654321"
