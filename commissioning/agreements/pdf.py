"""The offer letter as a PDF, drawn from the same OfferLetter as its page (see docs/decisions/0006-pdf.md), with
the shared building blocks of `core.pdf`."""

from commissioning.core.formats import govuk_date
from commissioning.core.pdf import STYLES, build_pdf, bullets, heading, key_values, money, paragraph, spacer

from .selectors import OfferLetter


def offer_letter_pdf(letter: OfferLetter) -> bytes:
    agreement = letter.agreement
    story: list = [paragraph(letter.body.name, STYLES.right)]
    if letter.offered_on:
        story.append(paragraph(govuk_date(letter.offered_on), STYLES.right))
    story += [spacer(6), paragraph(letter.recipient.name)]
    story += [paragraph(line) for line in letter.recipient.address]
    story += [
        spacer(8),
        heading(f"Offer of funding: {agreement.title}"),
        paragraph(
            f"{letter.body.name} offers {letter.recipient.name} {money(agreement.value)} for the purpose below, "
            "on the conditions in this letter."
        ),
        spacer(4),
    ]
    rows = [
        ("Reference", agreement.reference),
        ("Amount", money(agreement.value)),
        ("Fund", agreement.fund.name if agreement.fund else ""),
        ("Starts", govuk_date(agreement.starts_on)),
        ("Ends", govuk_date(agreement.ends_on)),
        ("Paid", letter.schedule),
    ]
    if letter.respond_by:
        rows.append(("Respond by", govuk_date(letter.respond_by)))
    story += [
        key_values(rows),
        spacer(6),
        heading("What the funding is for", 2),
        paragraph(agreement.purpose),
    ]
    if letter.priorities:
        story += [
            heading("Priorities it delivers", 2),
            bullets(str(priority) for priority in letter.priorities),
        ]
    story.append(heading("Conditions", 2))
    if letter.conditions:
        story.append(bullets(letter.conditions, numbered=True))
    else:
        story.append(paragraph("There are no conditions beyond the purpose above."))
    story += [
        heading("How to respond", 2),
        paragraph(
            "Sign in to accept or decline this offer"
            + (f" by {govuk_date(letter.respond_by)}" if letter.respond_by else "")
            + f". Please quote {agreement.reference} in any correspondence."
        ),
    ]
    return build_pdf(
        story,
        title=f"Offer of funding {agreement.reference}",
        author=letter.body.name,
        subject=agreement.title,
    )
