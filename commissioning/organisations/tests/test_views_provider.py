from datetime import date

import pytest
from django.urls import reverse

from commissioning.accounts.roles import Role
from commissioning.organisations.models import DueDiligenceItem

from .factories import DueDiligenceItemFactory, IdentifierFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(make_user):
    """A provider user who administers their organisation, and a second organisation they must never see."""
    user = make_user(Role.PROVIDER, full_name="Dee Evans")
    membership = MembershipFactory(user=user, organisation__name="Swindon Rape Crisis", is_administrator=True)
    other = OrganisationFactory(name="Secret Other Charity")
    IdentifierFactory(organisation=other, scheme="GB-CHC", value="1999999")
    other_item = DueDiligenceItemFactory(organisation=other, title="Other insurance")
    return user, membership.organisation, other, other_item


def test_organisation_address_redirects_to_their_own(client_as, own):
    user, organisation, _, _ = own
    response = client_as(user=user).get(reverse("my-organisation:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("my-organisation:detail", args=[organisation.pk])


def test_a_provider_without_an_organisation_is_told_so(client_as):
    response = client_as(Role.PROVIDER).get(reverse("my-organisation:home"))
    assert response.status_code == 200
    assert "Your account is not linked to an organisation" in response.content.decode()


def test_a_provider_sees_their_own_organisation(client_as, own, django_assert_max_num_queries):
    user, organisation, _, _ = own
    IdentifierFactory(organisation=organisation, scheme="GB-CHC", value="1098413")
    for n in range(20):
        DueDiligenceItemFactory(organisation=organisation, title=f"Document {n}")
    client = client_as(user=user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("my-organisation:detail", args=[organisation.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Swindon Rape Crisis" in content and "1098413" in content and "Dee Evans" in content
    assert "Secret Other Charity" not in content
    with django_assert_max_num_queries(10):
        response = client.get(reverse("my-organisation:due-diligence", args=[organisation.pk]))
    assert "Document 19" in response.content.decode()


@pytest.mark.parametrize(
    "name", ["my-organisation:detail", "my-organisation:due-diligence", "my-organisation:due-diligence-add"]
)
def test_changing_the_id_in_the_address_finds_nothing(client_as, own, name):
    user, _, other, _ = own
    client = client_as(user=user)
    for pk in (other.pk, 999999):
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code == 404
        assert "Secret Other Charity" not in response.content.decode()
    response = client.post(reverse(name, args=[other.pk]), {"kind": "other", "title": "x"})
    assert response.status_code == 404


def test_another_organisations_item_cannot_be_opened_or_changed(client_as, own):
    user, organisation, other, other_item = own
    client = client_as(user=user)
    # Through the other organisation's address, and through their own address with the other item's id.
    for pk in (other.pk, organisation.pk):
        url = reverse("my-organisation:due-diligence-edit", args=[pk, other_item.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"kind": "other", "title": "Hacked"}).status_code == 404
    other_item.refresh_from_db()
    assert other_item.title == "Other insurance"


def test_a_partner_administrator_sees_only_their_own_organisation(client_as, make_user):
    partner = make_user(Role.PARTNER_ADMINISTRATOR)
    membership = MembershipFactory(user=partner, organisation__name="Wiltshire Community Foundation")
    other = OrganisationFactory()
    client = client_as(user=partner)
    assert client.get(reverse("my-organisation:detail", args=[membership.organisation.pk])).status_code == 200
    assert client.get(reverse("my-organisation:detail", args=[other.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.COMMISSIONING_OFFICER, Role.AUDITOR])
def test_people_who_do_not_act_for_an_organisation_cannot_use_these_pages(client_as, own, role):
    _, organisation, _, _ = own
    assert client_as(role).get(reverse("my-organisation:detail", args=[organisation.pk])).status_code == 403


def test_an_administrator_adds_and_changes_a_document(client_as, own):
    user, organisation, _, _ = own
    client = client_as(user=user)
    response = client.post(
        reverse("my-organisation:due-diligence-add", args=[organisation.pk]),
        {
            "kind": "safeguarding_policy",
            "title": "Safeguarding policy 2026",
            "dated_0": "1",
            "dated_1": "1",
            "dated_2": "2026",
            "expires_on_0": "31",
            "expires_on_1": "12",
            "expires_on_2": "2026",
            "checked": "on",  # not on the provider's form: a provider cannot mark their own document checked
        },
    )
    assert response.status_code == 302
    item = DueDiligenceItem.objects.get(organisation=organisation)
    assert item.checked_by is None
    assert item.expires_on == date(2026, 12, 31)

    url = reverse("my-organisation:due-diligence-edit", args=[organisation.pk, item.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "safeguarding_policy", "title": "", "dated_0": "1"})
    assert response.status_code == 200
    assert "Enter the title of the document" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "safeguarding_policy",
            "title": "Policy v2",
            "dated_0": "1",
            "dated_1": "2",
            "dated_2": "2026",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.dated, item.expires_on) == ("Policy v2", date(2026, 2, 1), None)


def test_a_member_who_is_not_an_administrator_can_read_but_not_change(client_as, make_user):
    user = make_user(Role.PROVIDER)
    membership = MembershipFactory(user=user, is_administrator=False)
    item = DueDiligenceItemFactory(organisation=membership.organisation, title="Insurance")
    client = client_as(user=user)
    pk = membership.organisation.pk
    content = client.get(reverse("my-organisation:due-diligence", args=[pk])).content.decode()
    assert "Insurance" in content and "Add a document" not in content
    assert client.get(reverse("my-organisation:due-diligence-add", args=[pk])).status_code == 403
    assert client.get(reverse("my-organisation:due-diligence-edit", args=[pk, item.pk])).status_code == 403


def test_a_staff_edit_of_a_checked_document_by_the_provider_clears_the_check(client_as, own, make_user):
    user, organisation, _, _ = own
    officer = make_user(Role.COMMISSIONING_OFFICER)
    item = DueDiligenceItemFactory(organisation=organisation, checked_by=officer, checked_on=date(2026, 1, 1))
    client_as(user=user).post(
        reverse("my-organisation:due-diligence-edit", args=[organisation.pk, item.pk]),
        {"kind": item.kind, "title": "Updated", "dated_0": "1", "dated_1": "1", "dated_2": "2025"},
    )
    item.refresh_from_db()
    assert item.title == "Updated" and item.checked_by is None
