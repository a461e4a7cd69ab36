"""Background work for boards, run by the TASKS backend (ImmediateBackend in development and tests)."""

from django_tasks import task

from commissioning.core.actors import BACKGROUND_TASK

from .services import board_pack_build


@task()
def generate_board_pack(*, pack_id: int) -> None:
    """Generate a queued board pack: its sections step by step, then its PDF (see `services.board_pack_build`).
    The task acts as the background task, which the permission table allows to build packs."""
    board_pack_build(by=BACKGROUND_TASK, pack_id=pack_id)
