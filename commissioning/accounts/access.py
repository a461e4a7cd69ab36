"""Access decorators for views. Object-level access lives in each app's access.py (`<noun>_for(user, pk)`)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import User
from .permissions import check, is_staff_member
from .roles import user_roles

View = Callable[..., HttpResponse]


class AuthenticatedRequest(HttpRequest):
    """The request of a view that only signed-in people reach (`permission_required`): its user is a person, the
    actor its services are given."""

    user: User


def permission_required(action: str) -> Callable[[View], View]:
    """Signed-in people whom the permission table allows `action` (on some record) may use the view; others get
    403 with the table's reason, anonymous people sign in. The access function then narrows the records."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            verdict = check(request.user, action)
            if not verdict:
                raise PermissionDenied(verdict.reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def roles_required(*roles: str) -> Callable[[View], View]:
    """Signed-in people holding one of `roles` may use the view; others get 403, anonymous people sign in."""

    allowed = frozenset(roles)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_roles(request.user) & allowed:
                raise PermissionDenied("You do not have a role that can use this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_required(view: View) -> View:
    """Any staff role may use the view."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_member(request.user):
            raise PermissionDenied("This page is for staff of the commissioning body.")
        return view(request, *args, **kwargs)

    return wrapped
