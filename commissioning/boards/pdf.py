"""The board pack as a PDF, drawn from the same `PackContent` as the pack's page, with the shared blocks of
`core.pdf`, so the two never differ."""

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable

from commissioning.core.formats import govuk_date, govuk_datetime
from commissioning.core.pdf import (
    PAGE_WIDTH,
    build_pdf,
    chart_drawing,
    data_table,
    heading,
    key_values,
    money,
    paragraph,
    spacer,
)

from .selectors import FundPosition, PackContent, budget_chart


def _listing(
    header: Sequence[str],
    rows: list[list[Any]],
    *,
    widths: Sequence[float],
    more: int,
    noun: str,
    empty: str,
    numeric: Sequence[int] = (),
) -> list[Flowable]:
    """A section's table (columns `widths` as fractions of the page), a line for the rows left out, or `empty`."""
    if not rows:
        return [paragraph(empty)]
    table = data_table(header, rows, numeric=numeric, col_widths=[PAGE_WIDTH * width for width in widths])
    return [table] + ([paragraph(f"And {more} more {noun}, not listed here.")] if more > 0 else [])


def _money_row(row: FundPosition) -> list[str]:
    return [row.fund, money(row.allocated), money(row.committed), money(row.paid), money(row.available)]


def board_pack_pdf(content: PackContent) -> bytes:
    header = content.header
    title = f"Board pack: {header.board}, {govuk_date(header.meeting_on)}"
    story: list[Flowable] = [
        paragraph(header.body),
        heading(title),
        key_values(
            [
                ("Meeting", govuk_datetime(header.meeting_starts_at)),
                ("Where", header.location),
                ("Financial year", header.financial_year),
                ("Figures as at", govuk_date(header.as_at)),
            ]
        ),
        spacer(6),
        heading(f"Budget position by fund, {header.financial_year}", 2),
    ]
    budget = content.budget
    if budget.funds:
        story += [
            data_table(
                ["Fund", "Allocated", "Committed", "Paid", "Available"],
                [_money_row(row) for row in budget.funds],
                numeric=range(1, 5),
                total=_money_row(budget.total) if budget.total else None,
                col_widths=[PAGE_WIDTH * 0.32] + [PAGE_WIDTH * 0.17] * 4,
            ),
            spacer(4),
            chart_drawing(budget_chart(content)),
        ]
    else:
        story.append(paragraph("No fund has an allocation for this financial year."))

    story += [
        spacer(6),
        heading("Agreements by latest monitoring rating", 2),
        paragraph("Exceptions first: red, then amber, then agreements not yet rated, then green."),
    ]
    for group in content.ratings.groups:
        story.append(heading(f"{group.label} ({group.count})", 3))
        story += _listing(
            ["Agreement", "Organisation", "Rated on"],
            [
                [
                    f"{row.reference} {row.title}",
                    row.organisation,
                    govuk_date(row.reviewed_on) if row.reviewed_on else "Not yet rated",
                ]
                for row in group.agreements
            ],
            widths=(0.5, 0.3, 0.2),
            more=group.more,
            noun="agreements",
            empty="None.",
        )

    overdue = content.overdue
    story += [spacer(6), heading(f"Overdue returns ({overdue.count})", 2)]
    story += _listing(
        ["Agreement", "Organisation", "Return", "Due", "Days overdue"],
        [
            [
                f"{row.reference} {row.title}",
                row.organisation,
                str(row.number),
                govuk_date(row.due_on),
                str(row.days_overdue),
            ]
            for row in overdue.returns
        ],
        widths=(0.36, 0.26, 0.1, 0.16, 0.12),
        numeric=(2, 4),
        more=overdue.more,
        noun="overdue returns",
        empty="No returns are overdue.",
    )

    remedial = content.remedial
    story += [spacer(6), heading(f"Open remedial action plans ({remedial.count})", 2)]
    story += _listing(
        ["Agreement", "Organisation", "Opened", "Actions open", "Next action due"],
        [
            [
                f"{row.reference} {row.title}",
                row.organisation,
                govuk_date(row.opened_on),
                str(row.actions_open),
                govuk_date(row.next_due_on) if row.next_due_on else "",
            ]
            for row in remedial.plans
        ],
        widths=(0.34, 0.24, 0.14, 0.12, 0.16),
        numeric=(3,),
        more=remedial.more,
        noun="remedial plans",
        empty="No remedial action plans are open.",
    )

    feedback = content.feedback
    story += [spacer(6), heading("Feedback themes by service", 2)]
    story += _listing(
        ["Service", "Provider", "Themes (approved feedback)"],
        [
            [
                f"{row.reference} {row.title}",
                row.organisation,
                ", ".join(f"{item.theme}: {item.count}" for item in row.themes) or "No theme given",
            ]
            for row in feedback.services
        ],
        widths=(0.38, 0.26, 0.36),
        more=feedback.more,
        noun="services with feedback",
        empty="No approved feedback was received about these services this year.",
    )

    story += [spacer(6), heading("Items needing a decision", 2)]
    for item in content.decisions.items:
        story += [
            heading(f"{item.order}. {item.title}", 3),
            key_values(
                [("Presented by", item.presenter), ("Agreement", item.agreement), ("Summary", item.summary)]
            ),
        ]
    if not content.decisions.items:
        story.append(paragraph("No agenda item asks the board for a decision."))
    return build_pdf(story, title=title, author=header.body, subject=f"Board pack, {header.financial_year}")
