"""The annual report in a browser: the auditor finds the 2025/26 report of the demo from the navigation, reads
its charts and tables (zero WCAG 2.2 AA violations) and downloads the PDF."""

from io import BytesIO

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from .conftest import BROWSER, follow, sign_in_demo, visit

pytestmark = BROWSER


def test_auditor_reads_the_2025_26_annual_report_and_downloads_the_pdf(page: Page, demo: None) -> None:  # noqa: ARG001
    sign_in_demo(page, "auditor@example.org")
    visit(page, "/staff/")
    follow(page, page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    follow(page, page.get_by_role("link", name="Annual report 2025/26").first)
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual report 2025/26")

    # Each chart is an image with a name, followed by the table of its figures.
    expect(page.get_by_role("img", name="Money by fund, 2025/26")).to_be_visible()
    table = page.get_by_role("table", name="Money by fund, 2025/26")
    expect(table.get_by_role("rowheader", name="Victims Fund")).to_be_visible()
    expect(
        page.get_by_role("table", name="Budget position by funding source and fund, 2025/26")
    ).to_contain_text("Grant to the Chief Constable")
    # Six charts (money by source, fund, priority and mechanism; ratings; outcomes): each is a named image
    # followed by the table of its figures, or says it has none yet.
    charts = page.locator(".app-chart")
    expect(charts).to_have_count(6)
    for index in range(6):
        chart = charts.nth(index)
        title = chart.get_by_role("heading").inner_text()
        if chart.get_by_text("No figures yet.").count() == 0:
            expect(chart.get_by_role("img", name=title)).to_be_visible()
            expect(chart.get_by_role("table", name=title)).to_be_visible()
    assert page.get_by_role("img").count() >= 4

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the annual report 2025/26 as a PDF").click()
    download = download_info.value
    assert download.suggested_filename == "annual-report-2025-26.pdf"
    path = download.path()
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(BytesIO(content)).pages)
    assert "Annual report 2025/26" in text and "Victims Fund" in text and "£116,715,000" in text
