"""A person who starts an application before their organisation is on the register comes back to it after
adding the organisation."""

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.grants.tests.factories import police_property_act_scheme
from commissioning.organisations.selectors import organisation_of

pytestmark = pytest.mark.django_db


def test_adding_an_organisation_returns_the_applicant_to_the_scheme(client_as, make_user):
    scheme = police_property_act_scheme()
    applicant = make_user(Role.PROVIDER)
    client = client_as(user=applicant)
    start = reverse("apply:start", args=[scheme.slug])

    response = client.get(start)
    assert response.status_code == 302
    to_start = response["Location"]
    assert to_start.startswith(reverse("my-organisation:start"))
    page = client.get(to_start).content.decode()
    create = f"{reverse('my-organisation:create')}?next={start}"
    assert create in page

    response = client.post(create, {"name": "Pewsey Youth Club", "sector": "community_group"})
    assert response.status_code == 302
    assert response["Location"] == start
    assert organisation_of(applicant).name == "Pewsey Youth Club"


def test_an_address_elsewhere_is_never_followed(client_as, make_user):
    applicant = make_user(Role.PROVIDER)
    response = client_as(user=applicant).post(
        f"{reverse('my-organisation:create')}?next=https://evil.example/",
        {"name": "Club", "sector": "community_group"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
