from django.http import HttpRequest

from commissioning.core.selectors import commissioning_body

from .roles import is_staff_member, service_navigation


def service(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    return {
        "body": commissioning_body(),
        "navigation": service_navigation(user, request.path) if user is not None else [],
        "is_staff_member": is_staff_member(user),
    }
