"""The annual report as a PDF, drawn from the same `AnnualReport` as the page with the shared PDF blocks."""

from commissioning.core.formats import govuk_date
from commissioning.core.models import CommissioningBody
from commissioning.core.pdf import (
    PAGE_WIDTH,
    build_pdf,
    chart_flowables,
    data_table,
    heading,
    key_values,
    money,
    paragraph,
    spacer,
)
from commissioning.finance.selectors import BudgetPosition

from .selectors import AnnualReport


def _figures(position: BudgetPosition) -> list[str]:
    return [
        money(position.allocated),
        money(position.committed),
        money(position.paid),
        money(position.available),
    ]


def annual_report_pdf(report: AnnualReport, *, body: CommissioningBody) -> bytes:
    year = report.year
    title = f"Annual report {year.label}"
    story = [
        paragraph(body.name),
        heading(title),
        paragraph(f"The financial year from {govuk_date(year.starts_on)} to {govuk_date(year.ends_on)}."),
        spacer(),
    ]
    if not report.has_data:
        story.append(
            paragraph(
                f"There are no figures for {year.label} yet: no money was allocated to any fund, and no "
                "applications, awards, monitoring reviews or outcomes were recorded for this year."
            )
        )
        return build_pdf(story, title=title, author=body.name)

    total, counts, reviewed = report.total, report.counts, report.ratings.reviewed_returns
    story += [
        heading("Summary", 2),
        key_values(
            [
                ("Allocated", money(total.allocated)),
                ("Committed", money(total.committed)),
                ("Paid", money(total.paid)),
                ("Available", money(total.available)),
                ("Grant applications submitted", str(counts.applications)),
                ("Grants awarded", f"{counts.awards} ({money(counts.awarded)})"),
                ("Agreements funded", str(counts.agreements)),
                ("Monitoring returns reviewed", str(reviewed)),
            ]
        ),
        spacer(6),
        heading("Money by funding source and fund", 2),
        paragraph(
            "The budget position of each fund for the year as it stands today, from the same figures as the fund pages."
        ),
        spacer(2),
    ]
    rows: list[list[str]] = []
    bold_rows: list[int] = []
    for source in report.sources:
        bold_rows.append(len(rows))
        rows.append([source.source.name, *_figures(source.position)])
        rows += [[line.fund.name, *_figures(line.position)] for line in source.funds]
    first = PAGE_WIDTH - 4 * 80
    story += [
        data_table(
            ["Funding source and fund", "Allocated", "Committed", "Paid", "Available"],
            rows,
            numeric=range(1, 5),
            col_widths=[first, 80, 80, 80, 80],
            total=[
                "Total",
                money(total.allocated),
                money(total.committed),
                money(total.paid),
                money(total.available),
            ],
        ),
        spacer(6),
        *chart_flowables(report.source_chart),
        *chart_flowables(report.fund_chart),
        heading("Money by priority", 2),
        paragraph(
            "Money committed and paid from this year's allocations, by the Police and Crime Plan priorities of the "
            "agreement it funds. An agreement that serves more than one priority is counted in full under each of "
            "them, so these figures can add up to more than the totals above."
        ),
        *chart_flowables(report.priority_chart),
        heading("Money by mechanism", 2),
        paragraph(
            "The same money by how it was given. Each commitment is counted once, so these figures add up to the "
            "committed and paid totals above."
        ),
        *chart_flowables(report.mechanism_chart),
        heading("Monitoring", 2),
        paragraph(
            f"{reviewed} monitoring return{'' if reviewed == 1 else 's'} for periods ending in {year.label} "
            f"{'was' if reviewed == 1 else 'were'} reviewed and rated. Each agreement is counted once, by the rating "
            "of its latest reviewed return in the year."
        ),
        *chart_flowables(report.ratings_chart),
        heading("Outcomes reported", 2),
        paragraph(
            f"What providers reported in their monitoring returns for periods ending in {year.label}, totalled "
            "across agreements by indicator, beside the total of the targets set for the same returns."
        ),
        *chart_flowables(report.outcomes_chart),
    ]
    return build_pdf(story, title=title, author=body.name, subject=f"{body.name}: {title}")
