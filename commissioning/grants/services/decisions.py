"""The decision on a moderated application: approve the amount requested, approve a different amount, or decline
— each with reasons, by someone whose delegated limit covers the amount.

Approval makes the grant agreement through the agreements services, which commit the money against the fund's
allocation for each financial year and check the fund's rules again; any refusal there rolls back everything,
the decision included. The offer is then made, to be answered within the scheme's acceptance period.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from commissioning.accounts.permissions import require
from commissioning.agreements.models import Mechanism
from commissioning.agreements.services import agreement_create, agreement_offer
from commissioning.audit.services import audit_record, snapshot
from commissioning.audit.workflow import transition
from commissioning.core.actors import Actor, acting_person_id
from commissioning.core.errors import DomainError
from commissioning.core.formats import govuk_date
from commissioning.core.links import absolute_url
from commissioning.core.money import amount_of_money, pounds
from commissioning.core.selectors import commissioning_body
from commissioning.decisions.services import decision_draft_for_approval
from commissioning.finance.models import FundPurpose
from commissioning.finance.rules import RuleFacts
from commissioning.finance.services import purpose_check
from commissioning.governance.selectors import may_decide
from commissioning.grants.eligibility import duration_in_months
from commissioning.grants.models import Application, ApplicationStatus, Decision
from commissioning.grants.selectors.staff import repeat_award
from commissioning.organisations.models import OrganisationMembership

from .assessment import locked_application

APPLICATION_SOURCE = "grants.application"
PENNY = Decimal("0.01")


def _amount_decided(application: Application, outcome: str, amount: Any) -> Decimal | None:
    if outcome == Decision.Outcome.DECLINE:
        return None
    if outcome == Decision.Outcome.APPROVE:
        if application.amount_requested is None:
            raise DomainError("This application has no amount requested: approve a different amount")
        return Decimal(application.amount_requested).quantize(PENNY)
    if amount is None or amount == "":
        raise DomainError("Enter the amount approved", field="amount")
    value = amount_of_money(amount, what="The amount approved")
    if value <= 0:
        raise DomainError("The amount approved must be more than £0", field="amount")
    return value


def _conditions(application: Application, extra: str) -> str:
    parts = [application.scheme.grant_conditions.strip(), (extra or "").strip()]
    return "\n\n".join(part for part in parts if part)


def _recipients(application: Application) -> list[str]:
    people = OrganisationMembership.objects.filter(
        organisation=application.organisation_id, user__is_active=True
    ).values_list("user__email", flat=True)
    emails = set(people)
    if application.created_by.email:
        emails.add(application.created_by.email)
    return sorted(emails)


def _email_decision(decision: Decision) -> None:
    application = decision.application
    recipients = _recipients(application)
    if not recipients:
        return
    body = commissioning_body()
    if decision.outcome == Decision.Outcome.DECLINE:
        subject = f"Decision on your application {application.reference}"
        message = (
            f"We are sorry: your application {application.reference} to {application.scheme.name} for "
            f"{application.project_title} has not been successful.\n\n"
            f"The reasons:\n{decision.reasons}\n\n"
            f"You can see your application at {absolute_url('apply:application', application.pk)}\n\n"
            f"{body.name}"
        )
    else:
        subject = f"Your application {application.reference} has been approved"
        message = (
            f"Your application {application.reference} to {application.scheme.name} for "
            f"{application.project_title} has been approved: we are offering "
            f"{pounds(decision.amount)}.\n\n"  # type: ignore[arg-type]
            "We have sent the offer separately. Please read its conditions and accept or decline it.\n\n"
            f"{body.name}"
        )
    send_mail(subject, message, None, recipients)


@transaction.atomic
def decision_make(
    *,
    by: Actor,
    application: Application,
    outcome: str,
    reasons: str,
    amount: Decimal | None = None,
    conditions: str = "",
    purpose: FundPurpose | None = None,
    repeat_award_reason: str = "",
) -> Decision:
    """Decide a moderated application. The application row is locked first, so two people deciding at once are
    served in turn and the second is told it has been decided. Approval creates and offers the grant agreement,
    committing the money; a refusal anywhere saves nothing. Nobody who scored or moderated the application, or
    declared an interest in its organisation, may decide it (asked once the scheme of delegation has answered,
    so a person with no authority is told so first).

    An award names the fund purpose it serves (`purpose`, or the scheme's), refused in the rule's words if the
    fund's ring-fence does not allow it. From a fund with a one-off period, an award to an organisation the fund
    has already awarded within the period needs `repeat_award_reason`."""
    if outcome not in Decision.Outcome.values:
        raise DomainError("Select the decision", field="outcome")
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("Enter the reasons for the decision", field="reasons")
    application = locked_application(application)
    if Decision.objects.filter(application=application).exists():
        raise DomainError("A decision has already been made on this application")
    if application.status != ApplicationStatus.MODERATED:
        status = ApplicationStatus(application.status).label.lower()
        raise DomainError(f"This application is {status}: a decision is made once its scores are moderated")
    value = _amount_decided(application, outcome, amount)
    today = timezone.localdate()
    # A decline commits nothing, but the scheme of delegation still sets who may make it: the amount asked for.
    judged = value if value is not None else Decimal(application.amount_requested or 0)
    allowed, reason = may_decide(by, judged, on=today)
    if not allowed:
        raise DomainError(reason, field="amount" if outcome == Decision.Outcome.APPROVE_DIFFERENT else None)
    require(by, "application.decide", application)

    agreement = None
    fund = application.scheme.fund
    purpose = purpose if purpose is not None else application.scheme.purpose
    repeat_award_reason = (repeat_award_reason or "").strip()
    if value is not None:
        if application.starts_on is None or application.ends_on is None:
            raise DomainError("This application has no start and end dates, so no agreement can be made")
        purpose_check(fund=fund, purpose=purpose, on=today)
        repeat = repeat_award(application, on=today, fresh=True)
        if repeat is not None and not repeat_award_reason:
            last = repeat.earlier[0]
            raise DomainError(
                f"{application.organisation.name} was awarded {pounds(last.value)} from {fund.name} on "
                f"{govuk_date(timezone.localdate(last.created_at))} ({last.reference}). {repeat.rule_words}: "
                "enter why it should be funded again",
                field="repeat_award_reason",
            )
        agreement = agreement_create(
            by=by,
            mechanism=Mechanism.GRANT,
            title=application.project_title or str(application),
            purpose=application.project_summary or application.project_title,
            organisation=application.organisation,
            fund=application.scheme.fund,
            priorities=list(application.priorities.all()),
            value=value,
            starts_on=application.starts_on,
            ends_on=application.ends_on,
            conditions=_conditions(application, conditions),
            source_type=APPLICATION_SOURCE,
            source_id=str(application.pk),
            reference=application.reference,
            rule_facts=RuleFacts(
                sector=application.organisation.sector,
                amount=value,
                duration_months=duration_in_months(application.starts_on, application.ends_on),
                recurring=application.recurring,
                purpose=purpose.name if purpose is not None else "",
            ),
        )
        agreement = agreement_offer(
            by=by,
            agreement=agreement,
            respond_by=today + timedelta(days=application.scheme.acceptance_period_days),
        )
        # Above the body's threshold, the approval also starts a draft decision record for publication.
        decision_draft_for_approval(
            by=by,
            source_type=APPLICATION_SOURCE,
            source_id=str(application.pk),
            amount=value,
            title=f"Grant to {application.organisation.name}: {agreement.title}",
            summary=agreement.purpose,
            decision=f"To award a grant of {pounds(value)} to {application.organisation.name} from "
            f"{application.scheme.fund.name} ({application.scheme.name}), application {application.reference}.",
        )
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        amount=value,
        reasons=reasons,
        decided_by_id=acting_person_id(by),
        decided_at=timezone.now(),
        agreement=agreement,
        purpose=purpose if value is not None else None,
        repeat_award_reason=repeat_award_reason if value is not None else "",
    )
    audit_record(
        by=by,
        action=f"decide: {decision.get_outcome_display().lower()}",
        instance=decision,
        after=snapshot(decision),
    )
    transition(
        by=by,
        record=application,
        to=ApplicationStatus.DECLINED if value is None else ApplicationStatus.APPROVED,
    )
    transaction.on_commit(
        lambda: _email_decision(
            Decision.objects.select_related("application__scheme", "application__created_by").get(
                pk=decision.pk
            )
        )
    )
    return decision
