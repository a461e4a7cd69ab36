"""The board pack as a PDF, drawn from the same `PackContent` as the pack's page, with the shared blocks of
`core.pdf`, so the two never differ."""

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

from .selectors import PackContent, budget_chart


def _more(count: int, noun: str) -> list[Flowable]:
    return [paragraph(f"And {count} more {noun}, not listed here.")] if count > 0 else []


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
    ]

    story.append(heading(f"Budget position by fund, {header.financial_year}", 2))
    budget = content.budget
    if budget.funds:
        total = budget.total
        story += [
            data_table(
                ["Fund", "Allocated", "Committed", "Paid", "Available"],
                [
                    [
                        row.fund,
                        money(row.allocated),
                        money(row.committed),
                        money(row.paid),
                        money(row.available),
                    ]
                    for row in budget.funds
                ],
                numeric=range(1, 5),
                total=(
                    [
                        total.fund,
                        money(total.allocated),
                        money(total.committed),
                        money(total.paid),
                        money(total.available),
                    ]
                    if total
                    else None
                ),
                col_widths=[PAGE_WIDTH * 0.32] + [PAGE_WIDTH * 0.17] * 4,
            ),
            spacer(4),
            chart_drawing(budget_chart(content)),
        ]
    else:
        story.append(paragraph("No fund has an allocation for this financial year."))
    story.append(spacer(6))

    story.append(heading("Agreements by latest monitoring rating", 2))
    story.append(paragraph("Exceptions first: red, then amber, then agreements not yet rated, then green."))
    for group in content.ratings.groups:
        story.append(heading(f"{group.label} ({group.count})", 3))
        if group.agreements:
            story.append(
                data_table(
                    ["Agreement", "Organisation", "Rated on"],
                    [
                        [
                            f"{row.reference} {row.title}",
                            row.organisation,
                            govuk_date(row.reviewed_on) if row.reviewed_on else "Not yet rated",
                        ]
                        for row in group.agreements
                    ],
                    col_widths=[PAGE_WIDTH * 0.5, PAGE_WIDTH * 0.3, PAGE_WIDTH * 0.2],
                )
            )
            story += _more(group.more, "agreements")
        else:
            story.append(paragraph("None."))
    story.append(spacer(6))

    overdue = content.overdue
    story.append(heading(f"Overdue returns ({overdue.count})", 2))
    if overdue.returns:
        story.append(
            data_table(
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
                numeric=(2, 4),
                col_widths=[
                    PAGE_WIDTH * 0.36,
                    PAGE_WIDTH * 0.26,
                    PAGE_WIDTH * 0.1,
                    PAGE_WIDTH * 0.16,
                    PAGE_WIDTH * 0.12,
                ],
            )
        )
        story += _more(overdue.more, "overdue returns")
    else:
        story.append(paragraph("No returns are overdue."))
    story.append(spacer(6))

    remedial = content.remedial
    story.append(heading(f"Open remedial action plans ({remedial.count})", 2))
    if remedial.plans:
        story.append(
            data_table(
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
                numeric=(3,),
                col_widths=[
                    PAGE_WIDTH * 0.34,
                    PAGE_WIDTH * 0.24,
                    PAGE_WIDTH * 0.14,
                    PAGE_WIDTH * 0.12,
                    PAGE_WIDTH * 0.16,
                ],
            )
        )
        story += _more(remedial.more, "remedial plans")
    else:
        story.append(paragraph("No remedial action plans are open."))
    story.append(spacer(6))

    feedback = content.feedback
    story.append(heading("Feedback themes by service", 2))
    if feedback.services:
        story.append(
            data_table(
                ["Service", "Provider", "Themes (approved feedback)"],
                [
                    [
                        f"{row.reference} {row.title}",
                        row.organisation,
                        ", ".join(f"{item.theme}: {item.count}" for item in row.themes) or "No theme given",
                    ]
                    for row in feedback.services
                ],
                col_widths=[PAGE_WIDTH * 0.38, PAGE_WIDTH * 0.26, PAGE_WIDTH * 0.36],
            )
        )
        story += _more(feedback.more, "services with feedback")
    else:
        story.append(paragraph("No approved feedback was received about these services this year."))
    story.append(spacer(6))

    story.append(heading("Items needing a decision", 2))
    if content.decisions.items:
        for item in content.decisions.items:
            story.append(heading(f"{item.order}. {item.title}", 3))
            story.append(
                key_values(
                    [
                        ("Presented by", item.presenter),
                        ("Agreement", item.agreement),
                        ("Summary", item.summary),
                    ]
                )
            )
    else:
        story.append(paragraph("No agenda item asks the board for a decision."))
    return build_pdf(story, title=title, author=header.body, subject=f"Board pack, {header.financial_year}")
