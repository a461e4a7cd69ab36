"""Background work for boards, run by the TASKS backend (ImmediateBackend in development and tests)."""

from django_tasks import task

from .services import board_pack_build


@task()
def generate_board_pack(*, pack_id: int) -> None:
    """Generate a queued board pack: its sections step by step, then its PDF (see `services.board_pack_build`)."""
    board_pack_build(pack_id=pack_id)
