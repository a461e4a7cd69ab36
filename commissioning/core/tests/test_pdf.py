"""The shared PDF blocks make a valid PDF holding the text given, escaped, with charts drawn from a Chart."""

from decimal import Decimal
from io import BytesIO

from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, PolyLine

from commissioning.core.charts import Chart, Series
from commissioning.core.pdf import (
    build_pdf,
    bullets,
    chart_drawing,
    chart_flowables,
    data_table,
    heading,
    key_values,
    money,
    paragraph,
    spacer,
)

CHART = Chart(
    title="Money by fund",
    categories=["Victims Fund", "Community Safety Fund"],
    series=[
        Series("Allocated", [Decimal("1000"), Decimal("2500.50")]),
        Series("Paid", [Decimal("250"), None]),
    ],
    money=True,
    category_label="Fund",
)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_blocks_make_a_valid_pdf_with_their_text_escaped():
    pdf = build_pdf(
        [
            heading("Annual report & accounts"),
            paragraph("Fish <and> chips"),
            spacer(),
            key_values([("Reference", "2026/014"), ("Amount", money(Decimal("3000.50"))), ("Empty", "")]),
            bullets(["First point", "Second point"]),
            heading("Spend", 2),
            data_table(
                ["Fund", "Allocated"],
                [["Victims Fund", money(Decimal("1234567"))]],
                numeric=[1],
                total=["Total", money(Decimal("1234567"))],
            ),
        ],
        title="Annual report 2025 to 2026",
        author="Office of the Commissioner",
    )
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == "Annual report 2025 to 2026"
    text = text_of(pdf)
    for expected in (
        "Annual report & accounts",
        "Fish <and> chips",
        "2026/014",
        "£3,000.50",
        "First point",
        "Victims Fund",
        "£1,234,567",
        "Page 1",
    ):
        assert expected in text
    assert "Empty" not in text


def test_money_uses_whole_pounds_when_there_are_no_pence():
    assert money(Decimal("3000")) == "£3,000"
    assert money(Decimal("3000.5")) == "£3,000.50"
    assert money(Decimal("-12")) == "-£12"


def test_chart_drawing_and_its_table_in_a_pdf():
    drawing = chart_drawing(CHART)
    assert isinstance(drawing, Drawing) and drawing.height > 100
    text = text_of(build_pdf(chart_flowables(CHART), title="Charts"))
    assert "Money by fund" in text
    # The table below the drawing holds the chart's figures, as on the page.
    for figure in ("£1,000.00", "£2,500.50", "£250.00", "No figure", "Community Safety Fund"):
        assert figure in text


def test_line_chart_with_a_target():
    chart = Chart(
        title="Victims supported",
        categories=["Q1", "Q2"],
        series=[Series("Actual", [10, None])],
        kind="line",
        unit="people",
        target=Decimal(20),
    )
    text = text_of(build_pdf(chart_flowables(chart), title="Charts"))
    assert "Target 20 people" in text
    assert "10 people" in text


def test_empty_chart_says_no_figures_yet():
    empty = Chart(title="Nothing yet", categories=[], series=[])
    assert chart_drawing(empty).height == 20
    text = text_of(build_pdf(chart_flowables(empty), title="Charts"))
    assert "Nothing yet" in text and "No figures yet." in text


def _lines(drawing: Drawing) -> list[list[tuple[float, float]]]:
    """The points of every line a drawing's plot draws (its polylines), as (x, y) pairs."""
    found = []

    def walk(node):
        if isinstance(node, PolyLine):
            found.append(list(zip(node.points[::2], node.points[1::2], strict=True)))
        for child in getattr(node, "contents", []):
            walk(child)

    for item in drawing.contents:
        walk(item.draw() if hasattr(item, "draw") and not hasattr(item, "contents") else item)
    return found


def test_a_line_breaks_where_a_figure_is_missing():
    # As on the page: no line is drawn across a period that reported nothing, in either series.
    chart = Chart(
        title="Victims supported",
        categories=["Q1", "Q2", "Q3", "Q4", "Q5"],
        series=[Series("Actual", [10, None, 30, 40, 50]), Series("Referrals", [5, 6, None, None, 9])],
        kind="line",
    )
    lines = sorted(len(points) for points in _lines(chart_drawing(chart)) if len(points) > 1)
    assert lines == [2, 3]  # Q3 to Q5 of the first series, Q1 to Q2 of the second; nothing joins across a gap
    plot = next(item for item in chart_drawing(chart).contents if hasattr(item, "data"))
    assert plot.data == [
        (10.0, None, None, None, None),
        (None, None, 30.0, 40.0, 50.0),
        (5.0, 6.0, None, None, None),
        (None, None, None, None, 9.0),
    ]
    assert plot.lines[0].strokeColor == plot.lines[1].strokeColor != plot.lines[2].strokeColor
    assert plot.lines[2].strokeDashArray == plot.lines[3].strokeDashArray
