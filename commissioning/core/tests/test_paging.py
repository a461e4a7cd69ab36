"""The capped paginator: counts no further than it needs, pages past the cap, loads only the page's rows."""

import pytest

from commissioning.accounts.models import User
from commissioning.core.paging import CappedPaginator

pytestmark = pytest.mark.django_db


def test_a_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(30)), 10, cap=100)
    page = paginator.get_page(2)
    assert paginator.count == 30 and not paginator.is_capped
    assert list(page.object_list) == list(range(10, 20))
    assert paginator.num_pages == 3


def test_a_long_list_is_counted_to_the_cap_plus_one():
    paginator = CappedPaginator(list(range(1000)), 10, cap=100)
    page = paginator.get_page(1)
    assert paginator.is_capped and paginator.count == 101 and paginator.count_limit == 100
    assert page.has_next()


def test_a_page_past_the_cap_is_counted_to_its_end_and_full():
    paginator = CappedPaginator(list(range(1000)), 10, cap=100)
    page = paginator.get_page(30)
    assert page.number == 30
    assert list(page.object_list) == list(range(290, 300))
    assert paginator.is_capped and page.has_next()


def test_the_last_page_is_found_and_nonsense_gives_the_first():
    paginator = CappedPaginator(list(range(25)), 10, cap=100)
    assert list(paginator.get_page(99).object_list) == list(range(20, 25))
    assert CappedPaginator(list(range(25)), 10).get_page("abc").number == 1


def test_a_queryset_is_counted_with_a_limit_and_the_page_loaded(make_user, django_assert_num_queries):
    for n in range(12):
        make_user(email=f"person{n:02d}@example.org")
    keys = User.objects.filter(email__startswith="person").order_by("email").values_list("pk", flat=True)
    loaded = []

    def load(page_keys):
        rows = list(User.objects.filter(pk__in=page_keys).order_by("email"))
        loaded.append(len(rows))
        return rows

    paginator = CappedPaginator(keys, 5, cap=8, load=load)
    with django_assert_num_queries(2):  # the capped count and the page's rows
        page = paginator.get_page(2)
    assert paginator.is_capped
    assert [user.email for user in page.object_list] == [
        f"person{n:02d}@example.org" for n in (5, 6, 7, 8, 9)
    ]
    assert loaded == [5]


def test_an_enormous_page_number_shows_the_last_page():
    from commissioning.audit.models import AuditEvent

    paginator = CappedPaginator(AuditEvent.objects.order_by("pk"), 10)
    page = paginator.get_page("9" * 40)
    assert page.number == paginator.num_pages
