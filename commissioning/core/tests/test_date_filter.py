import datetime

import pytest
from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.utils import timezone

from commissioning.core.formats import govuk_date
from commissioning.core.templatetags.dates import date as fast_date


def test_every_template_uses_the_fast_filter():
    assert Template('{{ value|date:"j F Y" }}').nodelist[0].filter_expression.filters[0][0] is fast_date


@pytest.mark.parametrize(
    "day", [datetime.date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)]
)
@pytest.mark.parametrize("fmt", ["j F Y", "j M Y"])
def test_the_fast_formats_give_what_djangos_filter_gives(day, fmt):
    template = Template('{{ value|date:"' + fmt + '" }}')
    assert template.render(Context({"value": day})) == django_date(day, fmt)


def test_govuk_date_is_the_long_format():
    assert govuk_date(datetime.date(2026, 9, 1)) == "1 September 2026"


def test_an_aware_datetime_is_shown_in_local_time():
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 1 July in London
    assert Template('{{ value|date:"j F Y" }}').render(Context({"value": late})) == "1 July 2026"
    assert timezone.localtime(late).day == 1


def test_other_formats_and_empty_values_go_to_djangos_filter():
    moment = datetime.datetime(2026, 11, 26, 9, 5, tzinfo=datetime.UTC)
    assert Template('{{ value|date:"j M Y H:i" }}').render(Context({"value": moment})) == "26 Nov 2026 09:05"
    assert Template('{{ value|date:"j F Y" }}').render(Context({"value": None})) == ""
    assert Template('{{ value|date:"j F Y" }}').render(Context({"value": ""})) == ""
