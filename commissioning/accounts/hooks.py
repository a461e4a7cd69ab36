"""What the apps above accounts add to its journeys, registered by them: accounts imports none of them.

An app registers in its `AppConfig.ready()` where a person goes once they have confirmed their email address
(organisations: to set up their organisation, when they have none); the first app with somewhere to send them
wins, and with none they go to settings.LOGIN_REDIRECT_URL.
"""

from collections.abc import Callable
from typing import Any

NextStep = Callable[[Any], str | None]

_AFTER_VERIFICATION: list[NextStep] = []


def on_verified(next_step: NextStep) -> NextStep:
    """Ask `next_step(user)` for the URL name a person goes to after confirming their address (None: no opinion)."""
    if next_step not in _AFTER_VERIFICATION:
        _AFTER_VERIFICATION.append(next_step)
    return next_step


def next_step_after_verification(user: Any) -> str | None:
    for next_step in _AFTER_VERIFICATION:
        found = next_step(user)
        if found is not None:
            return found
    return None
