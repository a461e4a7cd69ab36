"""The project's own domain errors. Views turn them into GOV.UK error summaries."""


class DomainError(Exception):
    """A rule of the domain refused the request; the message is written for the person who asked."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(DomainError):
    """A workflow was asked to move between two states its transition table does not allow."""
