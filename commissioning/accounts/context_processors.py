"""What every page's template knows about the person looking: the service navigation built from the permission
table, and whether they use the staff pages (the header's home link)."""

from typing import Any

from django.http import HttpRequest

from .navigation import service_navigation
from .permissions import may


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "navigation": service_navigation(user, request.path) if user is not None else [],
        "is_staff_member": may(user, "staff.pages"),
    }
