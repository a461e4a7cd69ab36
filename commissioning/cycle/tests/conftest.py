# --- Needs assessments and commissioning intentions ---
from .needs_support import commissioner, media, officer, plan, priorities  # noqa: F401
