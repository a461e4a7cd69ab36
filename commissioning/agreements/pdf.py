"""The offer letter as a PDF, drawn from the same OfferLetter as its page (see docs/decisions/0006-pdf.md)."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from commissioning.core.formats import govuk_date
from commissioning.finance.rules import pounds

from .selectors import OfferLetter


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def offer_letter_pdf(letter: OfferLetter) -> bytes:
    agreement = letter.agreement
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=11, leading=15)
    right = ParagraphStyle("right", parent=body, alignment=TA_RIGHT)
    heading = ParagraphStyle(
        "h1", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=18, leading=22
    )
    subheading = ParagraphStyle("h2", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=13)

    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=f"Offer of funding {agreement.reference}",
        author=letter.body.name,
        subject=agreement.title,
    )
    story: list = [_p(letter.body.name, right)]
    if letter.offered_on:
        story.append(_p(govuk_date(letter.offered_on), right))
    story += [Spacer(1, 6 * mm), _p(letter.recipient.name, body)]
    story += [_p(line, body) for line in letter.recipient.address]
    story += [
        Spacer(1, 8 * mm),
        _p(f"Offer of funding: {agreement.title}", heading),
        _p(
            f"{letter.body.name} offers {letter.recipient.name} {pounds(agreement.value)} for the purpose below, "
            "on the conditions in this letter.",
            body,
        ),
        Spacer(1, 4 * mm),
    ]
    rows = [
        ["Reference", agreement.reference],
        ["Amount", pounds(agreement.value)],
        ["Fund", agreement.fund.name if agreement.fund else ""],
        ["Starts", govuk_date(agreement.starts_on)],
        ["Ends", govuk_date(agreement.ends_on)],
        ["Paid", letter.schedule],
    ]
    if agreement.respond_by:
        rows.append(["Respond by", govuk_date(agreement.respond_by)])
    table = Table(
        [[_p(key, body), _p(value, body)] for key, value in rows if value], colWidths=[40 * mm, 130 * mm]
    )
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 6 * mm),
        _p("What the funding is for", subheading),
        _p(agreement.purpose, body),
    ]
    if letter.priorities:
        story += [
            _p("Priorities it delivers", subheading),
            ListFlowable(
                [ListItem(_p(str(priority), body)) for priority in letter.priorities], bulletType="bullet"
            ),
        ]
    story.append(_p("Conditions", subheading))
    if letter.conditions:
        story.append(
            ListFlowable([ListItem(_p(condition, body)) for condition in letter.conditions], bulletType="1")
        )
    else:
        story.append(_p("There are no conditions beyond the purpose above.", body))
    story += [
        _p("How to respond", subheading),
        _p(
            "Sign in to accept or decline this offer"
            + (f" by {govuk_date(agreement.respond_by)}" if agreement.respond_by else "")
            + f". Please quote {agreement.reference} in any correspondence.",
            body,
        ),
    ]
    document.build(story)
    return buffer.getvalue()
