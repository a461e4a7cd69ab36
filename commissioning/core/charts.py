"""Charts that every page and PDF draws the same way: a `Chart` of figures, shown as an accessible inline SVG with
the same figures in a table beside it (`{% include "includes/chart.html" with chart=chart %}`), or as a ReportLab
drawing in a PDF (`core.pdf.chart_drawing`).

The SVG is a picture of the table, not a replacement for it: it has role="img", a title and a short description,
and the table that follows it holds exactly the figures drawn. Series are told apart by pattern or marker shape as
well as by colour, in GOV.UK colours that keep 3:1 contrast against white (WCAG 1.4.11).
"""

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Literal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from commissioning.core.money import format_money

Figure = Decimal | int | None

# GOV.UK colours with at least 3:1 contrast against white, in the order series take them.
COLOURS = ("#1d70b8", "#4c2c92", "#00703c", "#505a5f", "#d53880", "#003078")
TARGET_COLOUR = "#0b0c0c"
# Bars: a fill pattern per series, so two bars are told apart without colour.
PATTERNS = ("solid", "stripes", "dots", "crosshatch", "horizontal", "vertical")
# Lines: a dash and a marker shape per series.
DASHES = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 2")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")

NO_FIGURE = "No figure"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Figure]  # one per category; None = no figure for that category


@dataclass(frozen=True)
class Chart:
    title: str  # heading of the chart and caption of its table
    categories: Sequence[str]  # one label per point/bar group (periods, funds, priorities...)
    series: Sequence[Series]
    kind: Literal["bar", "line"] = "bar"
    money: bool = False  # True: figures are pounds, shown with the `money` filter
    unit: str = ""  # otherwise a unit shown after figures, e.g. "people"
    target: Decimal | None = None  # optional reference line (e.g. an indicator's target), also a table column
    category_label: str = ""  # heading of the table's first column, e.g. "Fund" (hidden heading when blank)

    def __post_init__(self) -> None:
        for series in self.series:
            if len(series.values) != len(self.categories):
                raise ValueError(
                    f"Series {series.name!r} has {len(series.values)} values for {len(self.categories)} categories"
                )

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to draw: no categories, no series, or not one figure."""
        return not any(value is not None for series in self.series for value in series.values)

    @cached_property
    def dom_id(self) -> str:
        """An id for the SVG's title and patterns: the title's slug and a digest of the figures, so two charts on
        one page do not share ids (an id must be unique in a page)."""
        digest = hashlib.sha256(
            repr((self.title, self.categories, self.series, self.target)).encode()
        ).hexdigest()
        return f"chart-{slugify(self.title)[:40]}-{digest[:8]}"

    def figure(self, value: Figure) -> str:
        """A figure as the table shows it: pounds with the `money` filter, or the number and its unit."""
        if value is None:
            return NO_FIGURE
        if self.money:
            return format_money(value)
        text = number(value)
        return f"{text} {self.unit}" if self.unit else text

    @property
    def description(self) -> str:
        """The SVG's short description: what is drawn, and where the figures are."""
        shape = "Bar chart" if self.kind == "bar" else "Line chart"
        names = ", ".join(series.name for series in self.series)
        target = f", with a target of {self.figure(self.target)}" if self.target is not None else ""
        return (
            f"{shape} of {names} for {len(self.categories)} "
            f"{'category' if len(self.categories) == 1 else 'categories'}{target}. "
            "The figures are in the table that follows."
        )

    @property
    def rows(self) -> list["TableRow"]:
        """One row per category, one cell per series (and the target when set): the figures drawn."""
        rows = []
        for index, category in enumerate(self.categories):
            cells = [self.figure(series.values[index]) for series in self.series]
            if self.target is not None:
                cells.append(self.figure(self.target))
            rows.append(TableRow(category=category, cells=cells))
        return rows

    @property
    def columns(self) -> list[str]:
        return [series.name for series in self.series] + (["Target"] if self.target is not None else [])

    @cached_property
    def svg(self) -> "SvgLayout":
        return layout(self)

    @cached_property
    def svg_markup(self) -> SafeString:
        """The chart as inline SVG, written here rather than by the template (which paid hundreds of variable
        lookups per chart); every text in it is escaped."""
        return svg_markup(self)


@dataclass(frozen=True)
class TableRow:
    category: str
    cells: list[str]


def number(value: Decimal | int) -> str:
    """1,234 for whole numbers, 1,234.5 otherwise."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def short_figure(value: Decimal, *, money: bool) -> str:
    """An axis label: £250k, £1.5m, 12k."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    prefix = "£" if money else ""
    for size, suffix in ((Decimal(1_000_000_000), "bn"), (Decimal(1_000_000), "m"), (Decimal(1_000), "k")):
        if value >= size:
            scaled = (value / size).normalize()
            text = f"{scaled:f}".rstrip("0").rstrip(".") if "." in f"{scaled:f}" else f"{scaled:f}"
            return f"{sign}{prefix}{text}{suffix}"
    return f"{sign}{prefix}{number(value)}"


def nice_scale(low: Decimal, high: Decimal, *, ticks: int = 5, whole: bool = False) -> list[Decimal]:
    """Round tick values from at most `low` to at least `high`, including zero; steps of 1 or more when the
    figures are `whole` numbers (no axis of 0.25 of an agreement)."""
    low, high = min(low, Decimal(0)), max(high, Decimal(0))
    if low == high:
        high = low + 1
    raw = float(high - low) / (ticks - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(math.ceil(step), 1)
    step_decimal = Decimal(str(step))
    start = Decimal(math.floor(float(low) / step)) * step_decimal
    values = [start]
    while values[-1] < high:
        values.append(values[-1] + step_decimal)
    return values


def chart_scale(chart: Chart) -> list[Decimal]:
    """The value axis's ticks, from zero or the lowest figure to the highest figure or target: the same for the
    page's SVG and the PDF's drawing."""
    figures = [Decimal(value) for series in chart.series for value in series.values if value is not None]
    if chart.target is not None:
        figures.append(Decimal(chart.target))
    return nice_scale(
        min(figures, default=Decimal(0)),
        max(figures, default=Decimal(1)),
        whole=all(figure == figure.to_integral_value() for figure in figures),
    )


# The SVG's geometry, worked out here so the template only writes it out (and escapes the text).

WIDTH = 640
PLOT_HEIGHT = 220
LEFT = 64
RIGHT = 16
LEGEND_ROW = 20
LABEL_LINE = 14
FONT = 12


@dataclass(frozen=True)
class Pattern:
    id: str
    colour: str
    kind: str


@dataclass(frozen=True)
class LegendItem:
    name: str
    y: float
    colour: str
    fill: str
    dash: str
    marker: str
    is_line: bool


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    colour: str


@dataclass(frozen=True)
class Marker:
    shape: str
    x: float
    y: float
    colour: str
    points: str  # for triangles and diamonds

    @property
    def corner_x(self) -> float:  # for squares
        return round(self.x - 4.5, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - 4.5, 1)


@dataclass(frozen=True)
class Line:
    points: str
    colour: str
    dash: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class CategoryLabel:
    x: float
    y: float
    lines: list[str]


@dataclass(frozen=True)
class SvgLayout:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: float
    plot_bottom: float
    baseline: float
    patterns: list[Pattern]
    legend: list[LegendItem]
    ticks: list[Tick]
    bars: list[Bar]
    lines: list[Line]
    markers: list[Marker]
    labels: list[CategoryLabel]
    target_y: float | None
    target_label: str
    target_label_y: int


def wrap(text: str, width: int, *, lines: int = 3) -> list[str]:
    """Break a label into at most `lines` lines of about `width` characters, the last one cut with an ellipsis."""
    words, result, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            result.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        result.append(current)
    if len(result) > lines:
        result = result[:lines]
        result[-1] = result[-1][: max(width - 1, 1)].rstrip() + "…"
    return [line if len(line) <= width + 2 else line[: width + 1] + "…" for line in result] or [""]


def _marker(shape: str, x: float, y: float, colour: str) -> Marker:
    size = 5.0
    if shape == "triangle":
        points = f"{x:.1f},{y - size:.1f} {x + size:.1f},{y + size:.1f} {x - size:.1f},{y + size:.1f}"
    elif shape == "diamond":
        points = (
            f"{x:.1f},{y - size:.1f} {x + size:.1f},{y:.1f} {x:.1f},{y + size:.1f} {x - size:.1f},{y:.1f}"
        )
    else:
        points = ""
    return Marker(shape=shape, x=round(x, 1), y=round(y, 1), colour=colour, points=points)


def layout(chart: Chart) -> SvgLayout:
    count = len(chart.categories)
    scale = chart_scale(chart)

    legend_items = len(chart.series) + (1 if chart.target is not None else 0)
    plot_top = 12 + legend_items * LEGEND_ROW + 8
    plot_bottom = plot_top + PLOT_HEIGHT
    plot_left, plot_right = LEFT, WIDTH - RIGHT
    band = (plot_right - plot_left) / max(count, 1)
    label_width = max(int(band / 7), 4)
    labels_text = [wrap(category, label_width) for category in chart.categories]
    label_lines = max((len(lines) for lines in labels_text), default=1)
    height = int(plot_bottom + 8 + label_lines * LABEL_LINE + 8)

    low, high = scale[0], scale[-1]

    def y_of(value: Decimal | int) -> float:
        return round(plot_bottom - float((Decimal(value) - low) / (high - low)) * PLOT_HEIGHT, 1)

    baseline = y_of(0)
    patterns = [
        Pattern(id=f"{chart.dom_id}-p{index}", colour=COLOURS[index % len(COLOURS)], kind=PATTERNS[index % 6])
        for index in range(len(chart.series))
    ]
    is_line = chart.kind == "line"
    legend = [
        LegendItem(
            name=series.name,
            y=12 + index * LEGEND_ROW,
            colour=patterns[index].colour,
            fill=patterns[index].colour if patterns[index].kind == "solid" else f"url(#{patterns[index].id})",
            dash=DASHES[index % len(DASHES)],
            marker=MARKERS[index % len(MARKERS)],
            is_line=is_line,
        )
        for index, series in enumerate(chart.series)
    ]

    bars: list[Bar] = []
    lines: list[Line] = []
    markers: list[Marker] = []
    if is_line:
        for index, series in enumerate(chart.series):
            colour = patterns[index].colour
            segment: list[str] = []
            for position, value in enumerate(series.values):
                if value is None:
                    if segment:
                        lines.append(Line(" ".join(segment), colour, DASHES[index % len(DASHES)]))
                    segment = []
                    continue
                x = plot_left + band * (position + 0.5)
                y = y_of(value)
                segment.append(f"{x:.1f},{y:.1f}")
                markers.append(_marker(MARKERS[index % len(MARKERS)], x, y, colour))
            if segment:
                lines.append(Line(" ".join(segment), colour, DASHES[index % len(DASHES)]))
    else:
        group = band * 0.8
        width = group / max(len(chart.series), 1)
        for index, series in enumerate(chart.series):
            pattern = patterns[index]
            fill = pattern.colour if pattern.kind == "solid" else f"url(#{pattern.id})"
            for position, value in enumerate(series.values):
                if value is None:
                    continue
                x = plot_left + band * position + band * 0.1 + width * index
                y = y_of(value)
                top, bottom = min(y, baseline), max(y, baseline)
                bars.append(
                    Bar(
                        x=round(x, 1),
                        y=top,
                        width=round(max(width - 2, 1), 1),
                        height=round(bottom - top, 1),
                        fill=fill,
                        colour=pattern.colour,
                    )
                )

    return SvgLayout(
        width=WIDTH,
        height=height,
        plot_left=plot_left,
        plot_right=plot_right,
        plot_top=plot_top,
        plot_bottom=plot_bottom,
        baseline=baseline,
        patterns=[pattern for pattern in patterns if pattern.kind != "solid"],
        legend=legend,
        ticks=[Tick(y=y_of(value), label=short_figure(value, money=chart.money)) for value in scale],
        bars=bars,
        lines=lines,
        markers=markers,
        labels=[
            CategoryLabel(
                x=round(plot_left + band * (position + 0.5), 1), y=plot_bottom + 8 + FONT, lines=text
            )
            for position, text in enumerate(labels_text)
        ],
        target_y=y_of(chart.target) if chart.target is not None else None,
        target_label=f"Target {chart.figure(chart.target)}" if chart.target is not None else "",
        target_label_y=12 + len(chart.series) * LEGEND_ROW + 7,
    )


# The SVG markup, written out from the layout. Numbers, colours, dashes and ids are ours; every text that comes from
# the figures or their names (title, description, legend, axis and category labels) is escaped.

PATTERN_MARKS = {
    "stripes": '<rect x="0" y="0" width="3" height="8" fill="#ffffff"/>',
    "dots": '<circle cx="4" cy="4" r="1.8" fill="#ffffff"/>',
    "crosshatch": '<path d="M0 4H8M4 0V8" stroke="#ffffff" stroke-width="1.5"/>',
    "horizontal": '<rect x="0" y="3" width="8" height="2" fill="#ffffff"/>',
    "vertical": '<rect x="3" y="0" width="2" height="8" fill="#ffffff"/>',
}
NEXT_LINE = ' dy="14"'
TARGET_STROKE = 'stroke="#0b0c0c" stroke-width="2" stroke-dasharray="6 4"'


def _dash(dash: str) -> str:
    return f' stroke-dasharray="{dash}"' if dash else ""


def _marker_markup(marker: Marker) -> str:
    if marker.shape == "circle":
        return f'<circle cx="{marker.x}" cy="{marker.y}" r="4.5" fill="{marker.colour}"/>'
    if marker.shape == "square":
        return (
            f'<rect x="{marker.corner_x}" y="{marker.corner_y}" width="9" height="9" fill="{marker.colour}"/>'
        )
    return f'<polygon points="{marker.points}" fill="{marker.colour}"/>'


def svg_markup(chart: Chart) -> SafeString:
    """The accessible SVG of a chart: role="img", labelled by its title and description, series told apart by
    pattern (bars) or dash and marker (lines) as well as colour."""
    svg = chart.svg
    dom_id = escape(chart.dom_id)
    left, right = svg.plot_left, svg.plot_right
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart__svg" width="100%" '
        f'viewBox="0 0 {svg.width} {svg.height}" role="img" aria-labelledby="{dom_id}-title {dom_id}-desc" '
        'focusable="false" font-family="arial, sans-serif" font-size="12" fill="#0b0c0c">',
        f'<title id="{dom_id}-title">{escape(chart.title)}</title>',
        f'<desc id="{dom_id}-desc">{escape(chart.description)}</desc>',
        "<defs>",
    ]
    for pattern in svg.patterns:
        rotate = ' patternTransform="rotate(45)"' if pattern.kind in ("stripes", "crosshatch") else ""
        parts.append(
            f'<pattern id="{escape(pattern.id)}" width="8" height="8" patternUnits="userSpaceOnUse"{rotate}>'
            f'<rect width="8" height="8" fill="{pattern.colour}"/>'
            f"{PATTERN_MARKS.get(pattern.kind, PATTERN_MARKS['vertical'])}</pattern>"
        )
    parts.append('</defs><g class="app-chart__legend">')
    for item in svg.legend:
        if item.is_line:
            parts.append(
                f'<line x1="{left}" x2="{left + 24}" y1="{item.y + 7}" y2="{item.y + 7}" stroke="{item.colour}" '
                f'stroke-width="2.5"{_dash(item.dash)}/>'
            )
        else:
            parts.append(
                f'<rect x="{left}" y="{item.y}" width="24" height="14" fill="{escape(item.fill)}" '
                f'stroke="{item.colour}"/>'
            )
        parts.append(f'<text x="{left + 32}" y="{item.y + 11}">{escape(item.name)}</text>')
    if svg.target_y is not None:
        parts.append(
            f'<line x1="{left}" x2="{left + 24}" y1="{svg.target_label_y}" y2="{svg.target_label_y}" '
            f"{TARGET_STROKE}/>"
            f'<text x="{left + 32}" y="{svg.target_label_y + 4}">{escape(svg.target_label)}</text>'
        )
    parts.append('</g><g class="app-chart__axis">')
    for tick in svg.ticks:
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{tick.y}" y2="{tick.y}" stroke="#b1b4b6" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{tick.y}" dy="4" text-anchor="end">{escape(tick.label)}</text>'
        )
    parts.append('</g><g class="app-chart__figures">')
    for bar in svg.bars:
        parts.append(
            f'<rect x="{bar.x}" y="{bar.y}" width="{bar.width}" height="{bar.height}" fill="{escape(bar.fill)}" '
            f'stroke="{bar.colour}"/>'
        )
    for line in svg.lines:
        parts.append(
            f'<polyline points="{line.points}" fill="none" stroke="{line.colour}" '
            f'stroke-width="2.5"{_dash(line.dash)}/>'
        )
    parts.extend(_marker_markup(marker) for marker in svg.markers)
    if svg.target_y is not None:
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{svg.target_y}" y2="{svg.target_y}" {TARGET_STROKE}/>'
        )
    parts.append(
        f'<line x1="{left}" x2="{right}" y1="{svg.baseline}" y2="{svg.baseline}" stroke="#0b0c0c" '
        'stroke-width="1.5"/></g><g class="app-chart__categories">'
    )
    for label in svg.labels:
        spans = "".join(
            f'<tspan x="{label.x}"{"" if index == 0 else NEXT_LINE}>{escape(text)}</tspan>'
            for index, text in enumerate(label.lines)
        )
        parts.append(f'<text x="{label.x}" y="{label.y}" text-anchor="middle">{spans}</text>')
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
