from decimal import Decimal

import pytest
from django.db import models, transaction

from commissioning.audit.presentation import display_value, readable_changes
from commissioning.audit.services import audit_record, snapshot

pytestmark = pytest.mark.django_db


def test_changes_are_labelled_and_formatted_as_people_read_them(body, make_user):
    person = make_user()
    before = snapshot(person)
    person.full_name = "New Name"
    person.is_active = False
    with transaction.atomic():
        event = audit_record(by=None, action="update", instance=person, before=before, after=snapshot(person))
    assert readable_changes(event) == [
        ("Full name", before["full_name"], "New Name"),
        ("Is active", "Yes", "No"),
    ]


def test_money_dates_and_lists_are_shown_plainly(body):
    with transaction.atomic():
        event = audit_record(
            by=None,
            action="update",
            instance=body,
            before={"unknown_field": ["a", "b"], "name": None},
            after={"unknown_field": [], "name": "Office"},
        )
    assert readable_changes(event) == [("Name", None, "Office"), ("Unknown field", "a, b", "(none)")]


def test_a_record_type_that_no_longer_exists_still_shows(body):
    with transaction.atomic():
        event = audit_record(
            by=None, action="update", instance=body, before={"amount": "1.00"}, after={"amount": "2"}
        )
    event.record_type = "gone.model"
    assert readable_changes(event) == [("Amount", "1.00", "2")]


def test_decimal_money_fields_show_in_pounds_and_dates_in_words():
    money = models.DecimalField(max_digits=14, decimal_places=2)
    assert display_value(money, str(Decimal("1105000.00"))) == "£1,105,000.00"
    assert display_value(models.DateField(), "2017-04-01") == "1 April 2017"
    assert display_value(models.DateField(), "not a date") == "not a date"
