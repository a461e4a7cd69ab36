"""Who may see and act on decommissioning proposals, asked of the permission table. Staff views load a proposal
only through `decommissioning_for`; the provider sees the proposal for its own agreement, once proposed, through
`provider_decommissioning_for`.

- Everyone who reads every staff record reads every proposal (`decommissioning.view`).
- Commissioning officers and administrators write, propose and withdraw them and record the provider's response
  (`decommissioning.propose`).
- A decision-maker other than the proposer decides or refuses (`decommissioning.decide`); the service asks the
  scheme of delegation whether their limit covers the agreement's remaining value.
"""

from typing import Any

from django.http import Http404
from django.urls import reverse

from commissioning.accounts.permissions import may, require
from commissioning.agreements.models import Agreement, AgreementStatus
from commissioning.audit.workflow import MoveOption, allowed_moves

from .models import PROVIDER_SEES, Decommissioning, DecommissioningStatus
from .selectors import decommissioning_with_parts, decommissionings_shown_to_provider


def decommissioning_for(user: object, pk: int) -> Decommissioning:
    require(user, "decommissioning.view")
    d = decommissioning_with_parts(pk)
    if d is None:
        raise Http404("No decommissioning found")
    return d


def provider_decommissioning_for(user: object, pk: int) -> Decommissioning:
    """A proposal the provider may see: proposed or decided, for an agreement its organisation leads."""
    d = decommissioning_with_parts(pk)
    if d is None or d.status not in PROVIDER_SEES:
        raise Http404("No decommissioning found")
    if not may(user, "decommissioning.respond", d):
        raise Http404("No decommissioning found")
    return d


def may_write(user: object, d: Decommissioning) -> bool:
    return d.is_open and may(user, "decommissioning.propose", d)


def decommissioning_moves(user: object, d: Decommissioning) -> list[MoveOption]:
    """The moves the table allows from where the proposal is, each saying whether this person may make it now."""
    return [move for move in allowed_moves(d, user) if may(user, move.action, d)]


def may_respond(user: object, d: Decommissioning) -> bool:
    return d.status == DecommissioningStatus.PROPOSED and may(user, "decommissioning.respond", d)


def agreement_page_links(*, user: Any, agreement: Agreement) -> list[tuple[str, str]]:
    """What the agreement's staff page offers: proposing its decommissioning (an active agreement, to officers),
    and the list of proposals to those who read them."""
    links = []
    if may(user, "decommissioning.respond", agreement):
        return [
            (
                f"Decommissioning {d.reference}: proposed to end or reduce this agreement",
                reverse("my-decommissioning:detail", args=[d.pk]),
            )
            for d in decommissionings_shown_to_provider(agreement.pk)
        ]
    if agreement.status == AgreementStatus.ACTIVE and may(user, "decommissioning.propose"):
        links.append(("Propose decommissioning", reverse("decommissioning:start", args=[agreement.pk])))
    if may(user, "decommissioning.view"):
        links.append(
            ("Decommissioning proposals", reverse("decommissioning:list") + f"?agreement={agreement.pk}")
        )
    return links
