"""ReportLab building blocks shared by every PDF (see docs/decisions/0006-pdf.md): a document with GOV.UK-like
styles, headings, paragraphs, key-value and data tables that escape their text, money as £1,234.56 (or £3,000 for
whole pounds, via `finance.rules.pounds`), and charts drawn from the same `core.charts.Chart` as the web page.

    story = [heading("Annual report"), paragraph("..."), *chart_flowables(chart)]
    return build_pdf(story, title="Annual report 2025 to 2026", author=body.name)
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .charts import COLOURS, DASHES, Chart, chart_scale, short_figure, wrap
from .money import pounds

__all__ = [
    "PAGE_WIDTH",
    "STYLES",
    "build_pdf",
    "bullets",
    "chart_drawing",
    "chart_flowables",
    "data_table",
    "heading",
    "key_values",
    "money",
    "paragraph",
    "spacer",
]

BORDER = colors.HexColor("#b1b4b6")
TEXT = colors.HexColor("#0b0c0c")
SECONDARY = colors.HexColor("#505a5f")
MARGIN = 20 * mm
PAGE_WIDTH = A4[0] - 2 * MARGIN  # the width a flowable may take
LEGEND_ROW = 14


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    right: ParagraphStyle
    bold: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle


def _heading(name: str, parent: ParagraphStyle, *, size: int, leading: int) -> ParagraphStyle:
    return ParagraphStyle(
        name, parent=parent, fontName="Helvetica-Bold", fontSize=size, leading=leading, textColor=TEXT
    )


def _styles() -> Styles:
    sample = getSampleStyleSheet()
    body = ParagraphStyle(
        "body", parent=sample["BodyText"], fontName="Helvetica", fontSize=11, leading=15, textColor=TEXT
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=12),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        bold=ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold"),
        h1=_heading("h1", sample["Heading1"], size=20, leading=24),
        h2=_heading("h2", sample["Heading2"], size=15, leading=19),
        h3=_heading("h3", sample["Heading3"], size=12, leading=16),
    )


STYLES = _styles()


def money(amount: Decimal | int) -> str:
    """Money in a PDF: £3,000 for whole pounds, £3,000.50 otherwise (the same words as the pages' sentences)."""
    return pounds(Decimal(amount))


def paragraph(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of plain text: escaped, so "<" or "&" in a title cannot break the PDF's markup."""
    return Paragraph(escape(str(text)), style or STYLES.body)


def heading(text: str, level: int = 1) -> Paragraph:
    return paragraph(text, {1: STYLES.h1, 2: STYLES.h2}.get(level, STYLES.h3))


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def bullets(items: Iterable[str], *, numbered: bool = False) -> ListFlowable:
    return ListFlowable(
        [ListItem(paragraph(item)) for item in items], bulletType="1" if numbered else "bullet"
    )


def key_values(rows: Iterable[tuple[str, str]], *, key_width: float = 45 * mm) -> Table:
    """A summary list: each key in bold beside its value; rows with an empty value are left out."""
    table = Table(
        [[paragraph(key, STYLES.bold), paragraph(value)] for key, value in rows if value],
        colWidths=[key_width, PAGE_WIDTH - key_width],
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, BORDER),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def data_table(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Iterable[int] = (),
    col_widths: Sequence[float] | None = None,
    total: Sequence[Any] | None = None,
    bold_rows: Iterable[int] = (),
    indented_rows: Iterable[int] = (),
) -> Table:
    """A table with a header row (repeated on each page), cells escaped, the `numeric` columns right-aligned, and
    an optional `total` row in bold below a rule. `bold_rows` and `indented_rows` (indexes into `rows`) show
    subtotals and the lines under them. Put a `heading` above it as its caption."""
    numeric = set(numeric)
    cell_style = STYLES.small
    right_style = ParagraphStyle("small-right", parent=cell_style, alignment=TA_RIGHT)
    bold_style = ParagraphStyle("small-bold", parent=cell_style, fontName="Helvetica-Bold")
    bold_right = ParagraphStyle("small-bold-right", parent=bold_style, alignment=TA_RIGHT)

    def line(cells: Sequence[Any], *, bold: bool) -> list[Paragraph]:
        return [
            paragraph(
                str(cell),
                (bold_right if bold else right_style)
                if index in numeric
                else (bold_style if bold else cell_style),
            )
            for index, cell in enumerate(cells)
        ]

    data = [line(header, bold=True)] + [line(row, bold=False) for row in rows]
    if total is not None:
        data.append(line(total, bold=True))
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple] = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, BORDER),
        ("LINEBELOW", (0, 0), (-1, 0), 1, TEXT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if total is not None:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 1, TEXT))
    table.setStyle(TableStyle(commands))
    return table


def _axis_label(money_axis: bool) -> Any:
    return lambda value: short_figure(Decimal(str(value)).normalize(), money=money_axis)


def _runs(row: tuple[float | None, ...]) -> list[tuple[float | None, ...]]:
    """A series split where a figure is missing: each run keeps its places and is None elsewhere."""
    runs: list[tuple[float | None, ...]] = []
    start = None
    for position, value in enumerate((*row, None)):
        if value is not None and start is None:
            start = position
        elif value is None and start is not None:
            runs.append(tuple(v if start <= place < position else None for place, v in enumerate(row)))
            start = None
    return runs


def chart_drawing(chart: Chart, *, width: float = PAGE_WIDTH, height: float = 70 * mm) -> Drawing:
    """The chart as a ReportLab drawing: bars or lines in the same colours as the page, a legend (line series are
    told apart by dash and marker as well as colour), a dashed target line when the chart has one. An empty chart
    is a drawing that says "No figures yet."."""
    legend_height = LEGEND_ROW * (len(chart.series) + (1 if chart.target is not None else 0)) + 8
    band_chars = max(int((width - 60) / max(len(chart.categories), 1) / 5), 4)
    label_lines = max((len(wrap(name, band_chars)) for name in chart.categories), default=1)
    drawing = Drawing(width, height + legend_height + label_lines * 10)
    if chart.is_empty:
        drawing.height = 20
        drawing.add(String(0, 6, "No figures yet.", fontName="Helvetica", fontSize=10, fillColor=TEXT))
        return drawing

    plot: VerticalBarChart | HorizontalLineChart = (
        VerticalBarChart() if chart.kind == "bar" else HorizontalLineChart()
    )
    plot.x = 50
    plot.y = label_lines * 10 + 6
    plot.width = width - plot.x - 10
    plot.height = height - 10
    figures = [
        tuple(None if value is None else float(value) for value in series.values) for series in chart.series
    ]
    # Bars: one row of data a series. Lines: one row a run of figures without a gap, in its series' style, because
    # ReportLab joins a line across a missing figure, which would draw a figure that was never reported.
    rows = (
        [(index, row) for index, row in enumerate(figures)]
        if chart.kind == "bar"
        else [(index, run) for index, row in enumerate(figures) for run in _runs(row)]
    )
    plot.data = [row for _, row in rows]
    plot.categoryAxis.categoryNames = ["\n".join(wrap(name, band_chars)) for name in chart.categories]
    plot.categoryAxis.labels.fontName = "Helvetica"
    plot.categoryAxis.labels.fontSize = 8
    plot.categoryAxis.labels.boxAnchor = "n"
    plot.categoryAxis.labels.textAnchor = "middle"
    plot.valueAxis.labels.fontName = "Helvetica"
    plot.valueAxis.labels.fontSize = 8
    plot.valueAxis.labelTextFormat = _axis_label(chart.money)
    plot.valueAxis.gridStrokeColor = BORDER
    plot.valueAxis.visibleGrid = True
    scale = chart_scale(chart)
    plot.valueAxis.valueMin = float(scale[0])
    plot.valueAxis.valueMax = float(scale[-1])
    plot.valueAxis.valueStep = float(scale[1] - scale[0])
    for row_number, (index, _) in enumerate(rows):
        colour = colors.HexColor(COLOURS[index % len(COLOURS)])
        if isinstance(plot, VerticalBarChart):
            plot.bars[row_number].fillColor = colour
            plot.bars[row_number].strokeColor = colour
        else:
            plot.lines[row_number].strokeColor = colour
            plot.lines[row_number].strokeWidth = 2
            dash = DASHES[index % len(DASHES)]
            if dash:
                plot.lines[row_number].strokeDashArray = [float(part) for part in dash.split()]
            plot.lines[row_number].symbol = makeMarker(("Circle", "Square", "Triangle", "Diamond")[index % 4])
    drawing.add(plot)

    if chart.target is not None:
        low, high = plot.valueAxis.valueMin, plot.valueAxis.valueMax
        y = plot.y + (float(chart.target) - low) / (high - low) * plot.height
        drawing.add(
            Line(plot.x, y, plot.x + plot.width, y, strokeColor=TEXT, strokeWidth=1.5, strokeDashArray=[6, 4])
        )

    legend = Legend()
    legend.x = plot.x
    legend.y = drawing.height - 4
    legend.alignment = "right"
    legend.fontName = "Helvetica"
    legend.fontSize = 9
    legend.columnMaximum = 10
    legend.dx = 10
    legend.dy = 8
    legend.deltay = LEGEND_ROW
    pairs = [
        (colors.HexColor(COLOURS[i % len(COLOURS)]), series.name) for i, series in enumerate(chart.series)
    ]
    if chart.target is not None:
        pairs.append((TEXT, f"Target {chart.figure(chart.target)}"))
    legend.colorNamePairs = pairs
    drawing.add(legend)
    return drawing


def chart_flowables(chart: Chart) -> list[Flowable]:
    """A chart for a PDF as on the page: its title, the drawing, and the table of the same figures."""
    if chart.is_empty:
        return [heading(chart.title, 3), paragraph("No figures yet.")]
    header = [chart.category_label or ""] + chart.columns
    rows = [[row.category, *row.cells] for row in chart.rows]
    return [
        KeepTogether([heading(chart.title, 3), chart_drawing(chart)]),
        spacer(2),
        data_table(header, rows, numeric=range(1, len(header))),
        spacer(6),
    ]


def build_pdf(story: list[Flowable], *, title: str, author: str = "", subject: str = "") -> bytes:
    """Lay out `story` on A4 with 20mm margins and page numbers, and return the PDF's bytes."""

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(SECONDARY)
        canvas.drawString(MARGIN, 10 * mm, title)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, f"Page {document.page}")
        canvas.restoreState()

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=author,
        subject=subject,
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
