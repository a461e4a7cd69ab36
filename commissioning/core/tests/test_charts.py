"""The shared chart: an accessible SVG and a table of exactly the same figures."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from commissioning.core.charts import Chart, Series, nice_scale, short_figure


class _Page(HTMLParser):
    """Collects the SVG's attributes, its title and description, and the table's caption and cells."""

    def __init__(self) -> None:
        super().__init__()
        self.svg: dict[str, str | None] = {}
        self.stack: list[str] = []
        self.stack_classes: list[str] = []
        self.texts: dict[str, list[str]] = {
            "title": [],
            "desc": [],
            "caption": [],
            "th": [],
            "td": [],
            "p": [],
        }
        self.rows: list[list[str]] = []
        self.ids: list[str] = []
        self.bars = 0
        self.markers = 0
        self.fills: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(str(attributes["id"]))
        if tag == "svg":
            self.svg = attributes
        if tag == "tr":
            self.rows.append([])
        if tag == "rect" and "app-chart__figures" in " ".join(self.stack_classes):
            self.bars += 1
            self.fills.append(str(attributes.get("fill")))
        if tag in ("circle", "polygon") and "app-chart__figures" in " ".join(self.stack_classes):
            self.markers += 1
        self.stack.append(tag)
        self.stack_classes.append(attributes.get("class") or "")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            self.stack_classes.pop()
            if self.stack.pop() == tag:
                break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] in self.texts and data.strip():
            self.texts[self.stack[-1]].append(data.strip())
        if self.stack and self.stack[-1] in ("th", "td", "span") and data.strip() and self.rows:
            self.rows[-1].append(data.strip())


def render(chart: Chart) -> tuple[str, _Page]:
    html = render_to_string("includes/chart.html", {"chart": chart})
    page = _Page()
    page.feed(html)
    return html, page


SPEND = Chart(
    title="Money by fund <2025>",
    categories=["Victims Fund", "Community Safety Fund", "PCC Community Fund"],
    series=[
        Series("Allocated", [Decimal("100000.00"), Decimal("50000.50"), Decimal("20000")]),
        Series("Paid", [Decimal("60000"), None, Decimal("0")]),
    ],
    money=True,
    category_label="Fund",
)


def test_svg_is_an_image_with_a_title_and_description():
    html, page = render(SPEND)
    assert page.svg["role"] == "img"
    labelled_by = str(page.svg["aria-labelledby"]).split()
    assert len(labelled_by) == 2 and all(ident in page.ids for ident in labelled_by)
    assert page.texts["title"] == ["Money by fund <2025>"]
    assert "Bar chart of Allocated, Paid for 3 categories" in page.texts["desc"][0]
    # Text is escaped: the title's angle brackets cannot open a tag.
    assert "<2025>" not in html and "&lt;2025&gt;" in html


def test_table_holds_exactly_the_figures_of_the_series_in_money():
    _, page = render(SPEND)
    assert page.texts["caption"] == ["Money by fund <2025>"]
    header, *body = [row for row in page.rows if row]
    assert header == ["Fund", "Allocated", "Paid"]
    assert body == [
        ["Victims Fund", "£100,000.00", "£60,000.00"],
        ["Community Safety Fund", "£50,000.50", "No figure"],
        ["PCC Community Fund", "£20,000.00", "£0.00"],
    ]


def test_one_bar_per_figure_and_series_told_apart_by_pattern():
    _, page = render(SPEND)
    # Five figures (one is None); a zero is a bar of no height, still drawn.
    assert page.bars == 5
    assert len(set(page.fills)) == 2
    assert any(fill.startswith("url(#") for fill in page.fills)


def test_bar_heights_follow_the_figures():
    chart = Chart(title="Counts", categories=["a", "b"], series=[Series("Awards", [10, 20])])
    bars = chart.svg.bars
    assert bars[1].height == pytest.approx(bars[0].height * 2, rel=0.02)


def test_unit_and_target_column():
    chart = Chart(
        title="Victims supported",
        categories=["Q1", "Q2", "Q3"],
        series=[Series("Actual", [120, 1500, None])],
        kind="line",
        unit="people",
        target=Decimal("1000"),
    )
    _, page = render(chart)
    header, *body = [row for row in page.rows if row]
    assert header == ["Category", "Actual", "Target"]
    assert body == [
        ["Q1", "120 people", "1,000 people"],
        ["Q2", "1,500 people", "1,000 people"],
        ["Q3", "No figure", "1,000 people"],
    ]
    assert page.markers == 2  # one per figure, none for the missing one
    assert chart.svg.target_y is not None
    assert "with a target of 1,000 people" in chart.description


def test_line_series_differ_by_dash_and_marker():
    chart = Chart(
        title="Two lines",
        categories=["a", "b"],
        series=[Series("One", [1, 2]), Series("Two", [2, 1])],
        kind="line",
    )
    lines = chart.svg.lines
    assert lines[0].dash != lines[1].dash
    shapes = {marker.shape for marker in chart.svg.markers}
    assert shapes == {"circle", "square"}


@pytest.mark.parametrize(
    "chart",
    [
        Chart(title="Nothing", categories=[], series=[]),
        Chart(title="Nothing", categories=["a", "b"], series=[Series("Paid", [None, None])]),
    ],
)
def test_empty_chart_says_no_figures_yet(chart):
    html, page = render(chart)
    assert "No figures yet." in html
    assert "<svg" not in html and "<table" not in html
    assert "Nothing" in html


def test_two_charts_on_a_page_have_different_ids():
    one = Chart(title="Same", categories=["a"], series=[Series("x", [1])])
    two = Chart(title="Same", categories=["a"], series=[Series("x", [2])])
    assert one.dom_id != two.dom_id
    assert re.fullmatch(r"[a-z0-9-]+", one.dom_id)


def test_series_must_have_one_value_per_category():
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        Chart(title="Bad", categories=["a", "b", "c"], series=[Series("x", [1, 2])])


def test_scale_and_axis_labels():
    assert nice_scale(Decimal(0), Decimal(950)) == [Decimal(n) for n in (0, 250, 500, 750, 1000)]
    assert nice_scale(Decimal(-10), Decimal(30))[0] <= -10
    assert nice_scale(Decimal(0), Decimal(1), whole=True) == [Decimal(0), Decimal(1)]
    assert nice_scale(Decimal(0), Decimal(3), whole=True) == [Decimal(n) for n in (0, 1, 2, 3)]
    assert short_figure(Decimal(250000), money=True) == "£250k"
    assert short_figure(Decimal(1500000), money=True) == "£1.5m"
    assert short_figure(Decimal(12), money=False) == "12"


def test_negative_figures_draw_below_the_baseline():
    chart = Chart(title="Change", categories=["a", "b"], series=[Series("x", [Decimal(-5), Decimal(10)])])
    layout = chart.svg
    assert layout.bars[0].y == layout.baseline  # hangs down from the baseline
    assert layout.bars[1].y + layout.bars[1].height == layout.baseline


def test_the_svg_is_written_in_python_with_every_text_escaped():
    chart = Chart(
        title='Spend <script>alert("x")</script>',
        categories=["Fund & <b>one</b>", "Two"],
        series=[
            Series('Paid "in full"', [Decimal("10"), Decimal("20")]),
            Series("Owed", [Decimal("5"), None]),
        ],
        money=True,
        target=Decimal("15"),
    )
    markup = str(chart.svg_markup)
    assert markup.startswith('<svg xmlns="http://www.w3.org/2000/svg"') and markup.endswith("</svg>")
    assert "<script>" not in markup and "<b>" not in markup
    assert (
        f'<title id="{chart.dom_id}-title">Spend &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</title>'
        in markup
    )
    assert (
        f'<desc id="{chart.dom_id}-desc">Bar chart of Paid &quot;in full&quot;, Owed for 2 categories'
        in markup
    )
    assert "Fund &amp; &lt;b&gt;one&lt;/b&gt;" in markup
    # The second series' bars are patterned, and the pattern is defined once.
    assert markup.count(f'<pattern id="{chart.dom_id}-p1"') == 1
    assert markup.count(f'fill="url(#{chart.dom_id}-p1)"') == 2  # its one bar and its legend key
    assert "Target £15.00" in markup
    html, page = render(chart)
    assert markup in html
    assert page.svg["role"] == "img" and page.bars == 3
    assert page.texts["title"] == ['Spend <script>alert("x")</script>']


def test_line_markers_are_drawn_at_the_layout_points():
    chart = Chart(
        title="Lines",
        categories=["a", "b", "c"],
        series=[Series("One", [1, 2, None]), Series("Two", [2, 1, 3]), Series("Three", [3, 3, 3])],
        kind="line",
    )
    markup = str(chart.svg_markup)
    for marker in chart.svg.markers:
        if marker.shape == "circle":
            assert f'<circle cx="{marker.x}" cy="{marker.y}" r="4.5"' in markup
        elif marker.shape == "square":
            assert f'<rect x="{marker.corner_x}" y="{marker.corner_y}" width="9" height="9"' in markup
        else:
            assert f'<polygon points="{marker.points}"' in markup
    for line in chart.svg.lines:
        assert f'<polyline points="{line.points}"' in markup
    assert markup.count("<polyline") == 3 and 'stroke-dasharray="8 4"' in markup
