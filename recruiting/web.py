"""What every HR page needs, whichever app it belongs to: the sign-in-and-role check, and
form errors shown as messages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from recruiting import roles


def staff_required(view):
    """Signed in, with a role. Object-level checks happen in each view."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not roles.has_any_role(request.user):
            raise PermissionDenied("Your account has no role yet; ask a recruiter.")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def form_errors_to_messages(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
