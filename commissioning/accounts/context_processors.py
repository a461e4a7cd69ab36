"""What every page's template knows: the commissioning body, and about the person looking, the service navigation
built from the permission table and whether they use the staff pages (the header's home link)."""

from typing import Any

from django.http import HttpRequest

from commissioning.core.selectors import commissioning_body

from .navigation import service_navigation
from .permissions import may


def service(request: HttpRequest) -> dict[str, Any]:
    return {"body": commissioning_body()}


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "navigation": service_navigation(user, request.path) if user is not None else [],
        "is_staff_member": may(user, "staff.pages"),
    }
