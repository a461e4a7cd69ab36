"""A person with no organisation registers theirs (becoming its administrator) or joins one by invitation; there is
no way to search the register and ask to join."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commissioning.accounts.roles import Role
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.organisations.invitations import invitation_accept, invitation_create
from commissioning.organisations.models import Invitation, Organisation, OrganisationMembership
from commissioning.organisations.sectors import Sector
from commissioning.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/organisation/invitations/[A-Za-z0-9_\-]+/)")


def details(**changes):
    return {
        "name": "Devizes Youth Project",
        "sector": Sector.CHARITY,
        "scheme": "GB-CHC",
        "value": "1123456",
        "address_line_1": "1 Market Place",
        "town": "Devizes",
        "postcode": "sn10 1hs",
        "email": "hello@devizesyouth.example.org",
        "phone": "01380 123456",
        **changes,
    }


@pytest.fixture
def administrator(make_user):
    user = make_user(Role.PROVIDER, email="admin@example.org", full_name="Ada Admin")
    MembershipFactory(
        user=user, organisation=OrganisationFactory(name="Devizes Youth Project"), is_administrator=True
    )
    return user


def invite(client, organisation_pk, email):
    return client.post(reverse("my-organisation:invite", args=[organisation_pk]), {"email": email})


def link_in(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


# Registering an organisation ----------------------------------------------------------------------------------


def test_the_start_page_offers_to_add_an_organisation(client_as):
    html = client_as(Role.PROVIDER).get(reverse("my-organisation:start")).content.decode()
    assert "Your organisation" in html
    assert reverse("my-organisation:create") in html
    assert "Ask one of its administrators to invite you" in html


def test_a_person_with_an_organisation_is_sent_to_it(client_as, administrator):
    response = client_as(user=administrator).get(reverse("my-organisation:start"))
    assert response.url == reverse("my-organisation:detail", args=[administrator.membership.organisation_id])
    assert client_as(user=administrator).get(reverse("my-organisation:create")).status_code == 302


def test_staff_cannot_use_the_start_pages(client_as):
    client = client_as(Role.COMMISSIONING_OFFICER)
    assert client.get(reverse("my-organisation:start")).status_code == 403
    assert client.post(reverse("my-organisation:create"), details()).status_code == 403


def test_creating_an_organisation_makes_the_first_user_its_administrator(client_as, make_user):
    user = make_user(Role.PROVIDER, email="dee@example.org")
    client = client_as(user=user)
    html = client.get(reverse("my-organisation:create")).content.decode()
    assert "Name of your organisation" in html
    assert "Notes" not in html  # the staff's own notes are not asked of applicants
    response = client.post(reverse("my-organisation:create"), details())
    organisation = Organisation.objects.get(name="Devizes Youth Project")
    assert response.status_code == 302
    assert response.url == reverse("my-organisation:detail", args=[organisation.pk])
    membership = OrganisationMembership.objects.get(user=user)
    assert membership.organisation == organisation
    assert membership.is_administrator
    assert organisation.postcode == "SN10 1HS"
    assert [i.org_id for i in organisation.identifiers.all()] == ["GB-CHC-1123456"]
    assert set(
        AuditEvent.objects.filter(record_id=str(organisation.pk)).values_list("action", flat=True)
    ) >= {
        "create",
        "add identifier",
        "add member",
    }
    page = client.get(response.url).content.decode()
    assert "Devizes Youth Project was added. You are its administrator." in page
    assert reverse("my-organisation:invite", args=[organisation.pk]) in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter the organisation&#x27;s name"),
        ({"sector": ""}, "Select what kind of organisation it is"),
        ({"sector": "pirate"}, "Select the organisation&#x27;s sector from the list"),
        ({"value": "12"}, "charity number"),
        ({"postcode": "nowhere"}, "Enter a real postcode, like SN10 2LA"),
        ({"email": "nope"}, "Enter an email address in the correct format"),
    ],
)
def test_bad_organisation_details_are_explained(client_as, changes, message):
    response = client_as(Role.PROVIDER).post(reverse("my-organisation:create"), details(**changes))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert not Organisation.objects.exists()


def test_an_identifier_already_on_the_register_is_refused_and_nothing_is_kept(client_as, make_user):
    client_as(Role.PROVIDER).post(reverse("my-organisation:create"), details())
    user = make_user(Role.PROVIDER)
    response = client_as(user=user).post(reverse("my-organisation:create"), details(name="Copycat"))
    assert "is already on the register" in response.content.decode()
    assert not Organisation.objects.filter(name="Copycat").exists()
    assert not OrganisationMembership.objects.filter(user=user).exists()


# Invitations --------------------------------------------------------------------------------------------------


def test_an_administrator_invites_a_colleague_who_registers_and_joins(
    client, client_as, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = administrator.membership.organisation
    admin_client = client_as(user=administrator)
    assert (
        "Invite a colleague"
        in admin_client.get(reverse("my-organisation:invite", args=[organisation.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(admin_client, organisation.pk, "Colleague@Example.org")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "colleague@example.org"
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert AuditEvent.objects.filter(action="invite", record_id=str(organisation.pk)).exists()
    page = admin_client.get(reverse("my-organisation:invite", args=[organisation.pk])).content.decode()
    assert "We have emailed an invitation to colleague@example.org." in page
    assert "Invitations not yet accepted" in page

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["colleague@example.org"]
    assert "Join Devizes Youth Project" in mailoutbox[0].subject
    link = link_in(mailoutbox[0])
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in invitation.token_hash  # only a hash of the token is kept

    # Not signed in: the page offers to create an account, coming back here afterwards.
    html = client.get(link).content.decode()
    assert "Join Devizes Youth Project" in html
    assert reverse("accounts:register") + "?next=" + link in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:register"),
            {
                "full_name": "Col League",
                "email": "colleague@example.org",
                "password": "a-Long-enough-passphrase-2026",
                "password_again": "a-Long-enough-passphrase-2026",
                "next": link,
            },
        )
    verify = re.search(r"http://testserver(/account/verify/\S+)", mailoutbox[-1].body).group(1)
    response = client.get(verify)
    assert response.url == link
    assert "Accept invitation" in client.get(link).content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("my-organisation:detail", args=[organisation.pk])
    membership = OrganisationMembership.objects.get(user__email="colleague@example.org")
    assert membership.organisation == organisation
    assert not membership.is_administrator
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert "You have joined Devizes Youth Project." in client.get(response.url).content.decode()

    # The link is used up.
    assert "This invitation has already been used" in client.get(link).content.decode()


def test_an_invitation_waiting_for_a_signed_in_person_is_on_their_start_page(
    client_as, make_user, administrator
):
    invitee = make_user(Role.PROVIDER, email="invitee@example.org")
    invitation = invitation_create(
        by=administrator,
        organisation=administrator.membership.organisation,
        email="invitee@example.org",
        base_url="http://testserver/",
    )
    client = client_as(user=invitee)
    html = client.get(reverse("my-organisation:start")).content.decode()
    assert "Join Devizes Youth Project" in html
    response = client.post(reverse("my-organisation:invitation-accept", args=[invitation.pk]))
    assert response.url == reverse("my-organisation:detail", args=[invitation.organisation_id])
    assert OrganisationMembership.objects.filter(user=invitee, organisation=invitation.organisation).exists()


def test_someone_else_cannot_accept_an_invitation_from_the_start_page(client_as, make_user, administrator):
    invitation = invitation_create(
        by=administrator,
        organisation=administrator.membership.organisation,
        email="invitee@example.org",
        base_url="http://testserver/",
    )
    other = make_user(Role.PROVIDER, email="other@example.org")
    assert (
        client_as(user=other)
        .post(reverse("my-organisation:invitation-accept", args=[invitation.pk]))
        .status_code
        == 404
    )
    assert not OrganisationMembership.objects.filter(user=other).exists()


def test_an_invitation_for_another_address_is_refused(
    client_as, make_user, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_as(user=administrator), administrator.membership.organisation_id, "invitee@example.org")
    other = make_user(Role.PROVIDER, email="other@example.org")
    response = client_as(user=other).post(link_in(mailoutbox[0]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This invitation was sent to a different email address" in html
    assert not OrganisationMembership.objects.filter(user=other).exists()


def test_an_expired_invitation_is_refused(
    client_as, make_user, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_as(user=administrator), administrator.membership.organisation_id, "invitee@example.org")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    invitee = make_user(Role.PROVIDER, email="invitee@example.org")
    client = client_as(user=invitee)
    link = link_in(mailoutbox[0])
    assert "This invitation has expired" in client.get(link).content.decode()
    html = client.post(link).content.decode()
    assert "This invitation has expired" in html
    assert "Ask an administrator of Devizes Youth Project to invite you again" in html
    with pytest.raises(DomainError, match="This invitation has expired"):
        invitation_accept(by=invitee, invitation=Invitation.objects.get())
    assert not OrganisationMembership.objects.filter(user=invitee).exists()
    # Nor is it offered on the start page.
    assert "Join Devizes Youth Project" not in client.get(reverse("my-organisation:start")).content.decode()


def test_a_person_in_another_organisation_is_refused_with_the_membership_message(
    client_as, make_user, administrator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client_as(user=administrator), administrator.membership.organisation_id, "busy@example.org")
    busy = make_user(Role.PROVIDER, email="busy@example.org")
    MembershipFactory(user=busy, organisation=OrganisationFactory(name="Swindon Shelter"))
    html = client_as(user=busy).post(link_in(mailoutbox[0])).content.decode()
    assert (
        "busy@example.org already belongs to Swindon Shelter. A person can belong to only one organisation"
        in html
    )
    assert OrganisationMembership.objects.get(user=busy).organisation.name == "Swindon Shelter"
    assert Invitation.objects.get().accepted_at is None


def test_an_unknown_invitation_link_is_not_found(client, client_as):
    assert client.get(reverse("my-organisation:invitation", args=["made-up-token"])).status_code == 404
    assert (
        client_as(Role.PROVIDER)
        .post(reverse("my-organisation:invitation", args=["made-up-token"]))
        .status_code
        == 404
    )


def test_only_administrators_of_the_organisation_may_invite(client_as, make_user, administrator):
    organisation = administrator.membership.organisation
    member = make_user(Role.PROVIDER)
    MembershipFactory(user=member, organisation=organisation, is_administrator=False)
    assert invite(client_as(user=member), organisation.pk, "x@example.org").status_code == 403
    # Another organisation's administrator: "not found", whatever the id.
    outsider = make_user(Role.PROVIDER)
    MembershipFactory(user=outsider, organisation=OrganisationFactory(), is_administrator=True)
    assert invite(client_as(user=outsider), organisation.pk, "x@example.org").status_code == 404
    assert (
        client_as(Role.COMMISSIONING_OFFICER)
        .get(reverse("my-organisation:invite", args=[organisation.pk]))
        .status_code
        == 403
    )
    assert not Invitation.objects.exists()


def test_inviting_a_current_member_or_a_bad_address_is_explained(client_as, make_user, administrator):
    organisation = administrator.membership.organisation
    client = client_as(user=administrator)
    html = invite(client, organisation.pk, "admin@example.org").content.decode()
    assert "admin@example.org is already a member of Devizes Youth Project" in html
    assert (
        "Enter an email address in the correct format"
        in invite(client, organisation.pk, "nope").content.decode()
    )
    assert (
        "Enter the email address of the person to invite"
        in invite(client, organisation.pk, "").content.decode()
    )
    assert not Invitation.objects.exists()


def test_accepting_twice_is_refused(make_user, administrator):
    invitee = make_user(Role.PROVIDER, email="invitee@example.org")
    invitation = invitation_create(
        by=administrator,
        organisation=administrator.membership.organisation,
        email="invitee@example.org",
        base_url="http://testserver/",
    )
    invitation_accept(by=invitee, invitation=invitation)
    with pytest.raises(DomainError, match="already been used"):
        invitation_accept(by=invitee, invitation=invitation)


def test_the_register_cannot_be_searched_by_applicants(client_as):
    client = client_as(Role.PROVIDER)
    assert client.get(reverse("organisations:list") + "?query=Devizes").status_code == 403


def test_pages_listing_invitations_keep_their_query_counts(
    client_as, make_user, administrator, django_assert_max_num_queries
):
    organisation = administrator.membership.organisation
    invitee = make_user(Role.PROVIDER, email="popular@example.org")
    for n in range(30):
        invitation_create(
            by=administrator,
            organisation=organisation,
            email=f"person{n}@example.org",
            base_url="http://testserver/",
        )
        other_admin = make_user(Role.PROVIDER)
        MembershipFactory(user=other_admin, organisation=OrganisationFactory(), is_administrator=True)
        invitation_create(
            by=other_admin,
            organisation=other_admin.membership.organisation,
            email="popular@example.org",
            base_url="http://testserver/",
        )
    admin_client = client_as(user=administrator)
    with django_assert_max_num_queries(10):
        html = admin_client.get(reverse("my-organisation:invite", args=[organisation.pk])).content.decode()
    assert html.count("@example.org</th>") == 30
    invitee_client = client_as(user=invitee)
    with django_assert_max_num_queries(10):
        html = invitee_client.get(reverse("my-organisation:start")).content.decode()
    assert html.count('class="govuk-summary-card__title"') == 30


def test_home_sends_a_person_without_an_organisation_to_set_one_up(client_as):
    html = client_as(Role.PROVIDER).get(reverse("front:home")).content.decode()
    assert reverse("my-organisation:start") in html
    no_organisation = client_as(Role.PROVIDER).get(reverse("my-organisation:home")).content.decode()
    assert reverse("my-organisation:start") in no_organisation
