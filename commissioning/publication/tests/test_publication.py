"""The monthly publication: each grant published once, in the first month after it was awarded and accepted; a
month published once; the page lists the month's grants and decisions with the date they were published."""

from datetime import date, datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from commissioning.agreements.models import AgreementStatus
from commissioning.audit.models import AuditEvent
from commissioning.core.errors import DomainError
from commissioning.publication.models import MonthlyPublication, PublishedGrant
from commissioning.publication.services import month_publish, previous_month

pytestmark = pytest.mark.django_db


def aware(year: int, month: int, day: int, hour: int) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def awarded(body, make_grant):
    return {
        "april": make_grant(awarded=aware(2026, 4, 20, 15), title="April grant", value="1000.00"),
        "may": make_grant(awarded=aware(2026, 5, 3, 10), title="May grant", value="250.50"),
        "offered": make_grant(
            awarded=aware(2026, 4, 25, 10), title="Not yet accepted", status=AgreementStatus.OFFERED
        ),
    }


def test_a_month_publishes_the_grants_awarded_by_its_end(awarded, officer):
    publication = month_publish(by=officer, month=date(2026, 4, 1), at=aware(2026, 5, 1, 9))
    assert publication.month == date(2026, 4, 1)
    assert publication.published_at == aware(2026, 5, 1, 9)
    assert publication.grant_count == 1
    assert str(publication.amount_total) == "1000.00"
    assert list(PublishedGrant.objects.values_list("agreement__title", flat=True)) == ["April grant"]
    event = AuditEvent.objects.get(record_type="publication.monthlypublication")
    assert event.action == "publish" and event.actor == officer


def test_publishing_a_month_twice_changes_nothing(awarded, officer):
    first = month_publish(by=officer, month=date(2026, 4, 1), at=aware(2026, 5, 1, 9))
    events = AuditEvent.objects.count()
    again = month_publish(by=officer, month=date(2026, 4, 15))
    assert again.pk == first.pk and again.published_at == first.published_at
    assert AuditEvent.objects.count() == events
    assert MonthlyPublication.objects.count() == 1


def test_a_grant_accepted_late_goes_into_the_next_publication_once(awarded, officer):
    month_publish(by=officer, month=date(2026, 4, 1), at=aware(2026, 5, 1, 9))
    offered = awarded["offered"]
    offered.status = AgreementStatus.ACTIVE
    offered.save(update_fields=["status"])
    may = month_publish(by=officer, month=date(2026, 5, 1), at=aware(2026, 6, 1, 9))
    assert set(PublishedGrant.objects.filter(publication=may).values_list("agreement__title", flat=True)) == {
        "May grant",
        "Not yet accepted",
    }
    june = month_publish(by=officer, month=date(2026, 6, 1), at=aware(2026, 7, 1, 9))
    assert june.grant_count == 0
    assert PublishedGrant.objects.count() == 3


def test_a_month_not_yet_ended_cannot_be_published(body, officer):
    this_month = timezone.localdate().replace(day=1)
    with pytest.raises(DomainError, match="has not ended yet"):
        month_publish(by=officer, month=this_month)
    with pytest.raises(DomainError, match="future"):
        month_publish(by=officer, month=date(2026, 1, 1), at=timezone.now() + timezone.timedelta(days=1))


def test_previous_month_wraps_the_year():
    assert previous_month(date(2027, 1, 15)) == date(2026, 12, 1)
    assert previous_month(date(2026, 11, 26)) == date(2026, 10, 1)


def test_the_command_publishes_through_the_task_and_is_safe_to_repeat(awarded):
    out = StringIO()
    call_command("publish_month", "--month", "2026-05", stdout=out)
    assert "Published May 2026" in out.getvalue() and "2 grants" in out.getvalue()
    call_command("publish_month", "--month", "2026-05", stdout=StringIO())
    assert MonthlyPublication.objects.count() == 1
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("publish_month", "--month", "May")
    with pytest.raises(CommandError, match="has not ended yet"):
        call_command("publish_month", "--month", timezone.localdate().strftime("%Y-%m"))


def test_the_command_publishes_the_month_just_ended_by_default(body):
    call_command("publish_month", stdout=StringIO())
    assert MonthlyPublication.objects.get().month == previous_month(timezone.localdate())


def test_the_publication_pages_show_each_month_and_what_it_contained(client, awarded, officer, monkeypatch):
    month_publish(by=officer, month=date(2026, 4, 1), at=aware(2026, 5, 1, 9))
    month_publish(by=officer, month=date(2026, 5, 1), at=aware(2026, 6, 1, 9))
    decision = SimpleNamespace(
        reference="2026/014",
        slug="2026-014",
        title="Grant to Devizes Youth Boxing Club",
        published_at=aware(2026, 5, 12, 10),
        is_exempt=False,
        exemption_label="",
    )
    asked = []

    def published_between(start, end):
        asked.append((start, end))
        return [decision]

    monkeypatch.setattr("commissioning.decisions.selectors.decisions_published_between", published_between)
    listing = client.get(reverse("public:publications"))
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "April 2026" in page and "May 2026" in page and "1 May 2026" in page and "1 June 2026" in page

    response = client.get(reverse("public:publication", args=["2026", "05"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert asked == [(date(2026, 5, 1), date(2026, 5, 31))]
    assert "May grant" in page and "April grant" not in page
    assert "Published on 1 June 2026" in page
    assert "2026/014" in page and "12 May 2026" in page
    assert "£250.50" in page

    grant = client.get(reverse("public:grant", args=[awarded["april"].reference])).content.decode()
    assert "On 1 May 2026" in grant and reverse("public:publication", args=["2026", "04"]) in grant


@pytest.mark.parametrize("path", ["/publication/2026-07/", "/publication/2026-13/", "/publication/0000-01/"])
def test_a_month_not_published_is_not_found(client, body, path):
    assert client.get(path).status_code == 404


def test_publication_pages_make_a_fixed_number_of_queries(
    client, body, make_grant, officer, django_assert_max_num_queries
):
    for index in range(30):
        make_grant(awarded=aware(2026, 4, 1 + index % 28, 10), title=f"Grant {index}")
    month_publish(by=officer, month=date(2026, 4, 1), at=aware(2026, 5, 1, 9))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("public:publication", args=["2026", "04"])).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(reverse("public:publications")).status_code == 200


def test_the_demo_records_past_months_and_is_safe_to_run_twice(officer, body):
    from commissioning.devtools.demo import publication as demo

    events = AuditEvent.objects.count()
    demo.load(by=officer)
    assert MonthlyPublication.objects.count() == demo.DEMO_MONTHS
    assert AuditEvent.objects.count() > events
    events = AuditEvent.objects.count()
    demo.load(by=officer)
    assert AuditEvent.objects.count() == events


def test_real_decisions_appear_with_their_public_part_only(client, body, officer, make_user):
    """Published decisions come from the decisions app's selector: an exempt one shows its reference and
    exemption, never its withheld text."""
    from commissioning.accounts.roles import Role
    from commissioning.decisions.models import Confidentiality, DecisionRecord
    from commissioning.decisions.tests.conftest import LIMITS, SECRET, published
    from commissioning.governance.models import DelegatedLimit

    for role, amount in LIMITS:
        DelegatedLimit.objects.create(role=role, max_amount=amount, effective_from=date(2017, 4, 1))
    commissioner = make_user(Role.COMMISSIONER)
    public = published(officer, commissioner, title="Extend the victim care service")
    exempt = published(
        officer,
        commissioner,
        title=f"Covert tactics {SECRET}",
        summary=f"Summary {SECRET}",
        confidentiality=Confidentiality.EXEMPT,
        exemption="foi-31",
    )
    last_month = previous_month(timezone.localdate())
    DecisionRecord.objects.filter(pk__in=[public.pk, exempt.pk]).update(
        published_at=timezone.make_aware(datetime.combine(last_month.replace(day=10), datetime.min.time()))
    )
    month_publish(by=officer, month=last_month)
    response = client.get(reverse("public:publication", args=[f"{last_month:%Y}", f"{last_month:%m}"]))
    page = response.content.decode()
    assert "Extend the victim care service" in page
    assert public.reference in page and exempt.reference in page
    assert SECRET not in page
    assert reverse("public-decisions:detail", args=[public.reference]) in page
