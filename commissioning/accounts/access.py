"""Access decorators for views. Object-level access lives in each app's access.py (`<noun>_for(user, pk)`)."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import User
from .permissions import check

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
