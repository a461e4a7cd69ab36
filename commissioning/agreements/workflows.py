"""The agreement's workflow (AGREEMENT_TRANSITIONS) on the one workflow primitive, with the permission each move
needs: whoever makes an agreement offers it (or records it as already agreed); the lead organisation answers the
offer; officers, or the partner running the fund, withdraw a draft or an offer and end an agreement, on time or
early."""

from commissioning.audit.workflow import Workflow, register

from .models import (
    AGREEMENT_TRANSITIONS,
    INVOICE_TRANSITIONS,
    Agreement,
    AgreementStatus,
    Invoice,
    InvoiceStatus,
)

S = AgreementStatus

# How the refusal words where an agreement is and where it cannot go: "This agreement was declined, so it
# cannot be ended early".
STATE_WORDS = {
    S.DRAFT: "is a draft",
    S.OFFERED: "is on offer",
    S.ACTIVE: "is active",
    S.DECLINED: "was declined",
    S.WITHDRAWN: "was withdrawn",
    S.ENDED: "has ended",
    S.TERMINATED: "was ended early",
}
MOVE_WORDS = {
    S.DRAFT: "made a draft again",
    S.OFFERED: "offered",
    S.ACTIVE: "made active",
    S.DECLINED: "declined",
    S.WITHDRAWN: "withdrawn",
    S.ENDED: "ended",
    S.TERMINATED: "ended early",
}


def refusal(current: str, target: str) -> str:
    return f"This agreement {STATE_WORDS[S(current)]}, so it cannot be {MOVE_WORDS[S(target)]}"


AGREEMENT_WORKFLOW = register(
    Workflow(
        model=Agreement,
        table=AGREEMENT_TRANSITIONS,
        actions={
            S.OFFERED: "agreement.offer",
            (S.DRAFT, S.ACTIVE): "agreement.create",
            (S.OFFERED, S.ACTIVE): "agreement.answer_offer",
            S.DECLINED: "agreement.answer_offer",
            S.WITHDRAWN: "agreement.manage",
            S.ENDED: "agreement.end",
            S.TERMINATED: "agreement.end",
        },
        noun="agreement",
        choices=AgreementStatus,
        refusal=refusal,
        verbs={
            S.OFFERED: "offer",
            S.ACTIVE: "accept",
            S.DECLINED: "decline",
            S.WITHDRAWN: "withdraw",
            S.ENDED: "end",
            S.TERMINATED: "end early",
        },
        labels={
            S.OFFERED: "Offer",
            S.ACTIVE: "Accept the offer",
            S.DECLINED: "Decline the offer",
            S.WITHDRAWN: "Withdraw",
            S.ENDED: "End the agreement",
            S.TERMINATED: "End the agreement early",
        },
    )
)


# An invoice under a plan paid in arrears: received, approved (by someone other than whoever recorded it), then paid;
# or rejected before it is paid. Nothing is paid before its invoice is approved.
INVOICE_STATE_WORDS = {
    InvoiceStatus.RECEIVED: "has not been approved",
    InvoiceStatus.APPROVED: "has been approved",
    InvoiceStatus.PAID: "has been paid",
    InvoiceStatus.REJECTED: "was rejected",
}
INVOICE_MOVE_WORDS = {
    InvoiceStatus.RECEIVED: "received again",
    InvoiceStatus.APPROVED: "approved",
    InvoiceStatus.PAID: "paid",
    InvoiceStatus.REJECTED: "rejected",
}


def invoice_refusal(current: str, target: str) -> str:
    return (
        f"This invoice {INVOICE_STATE_WORDS[InvoiceStatus(current)]}, so it cannot be "
        f"{INVOICE_MOVE_WORDS[InvoiceStatus(target)]}"
    )


INVOICE_WORKFLOW = register(
    Workflow(
        model=Invoice,
        table=INVOICE_TRANSITIONS,
        actions={
            InvoiceStatus.APPROVED: "invoice.approve",
            InvoiceStatus.REJECTED: "invoice.approve",
            InvoiceStatus.PAID: "invoice.pay",
        },
        noun="invoice",
        choices=InvoiceStatus,
        refusal=invoice_refusal,
        verbs={
            InvoiceStatus.APPROVED: "approve",
            InvoiceStatus.REJECTED: "reject",
            InvoiceStatus.PAID: "pay",
        },
        labels={
            InvoiceStatus.APPROVED: "Approve the invoice",
            InvoiceStatus.REJECTED: "Reject the invoice",
            InvoiceStatus.PAID: "Record the payment",
        },
    )
)
