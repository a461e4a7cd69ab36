from typing import Any

import pytest

# The boards tests' fixture that asks for a pack and runs its task, for the boards demo's test.
from commissioning.boards.tests.conftest import generate  # noqa: F401


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Any) -> Any:
    """The demo's board pack PDFs (and any other file it writes) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
