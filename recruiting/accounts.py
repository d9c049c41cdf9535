"""Staff accounts: invitation instead of sign-up, and two-factor when it is required."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from recruiting.models import User
from recruiting.roles import ROLES


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False


def staff_invite(
    *, email: str, first_name: str, last_name: str, role: str, invited_by: User | None = None
) -> User:
    """Create a member of staff with ``role`` and email them a link to choose a password.

    The address is marked verified: following the emailed link proves it.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    email = email.strip().lower()
    with transaction.atomic():
        user = User(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=role == ROLES[0],
        )
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get_or_create(name=role)[0])
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    link = settings.SITE_URL.rstrip("/") + reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "role": role, "link": link, "invited_by": invited_by}
    transaction.on_commit(
        lambda: send_mail(
            subject="You're invited to the recruiting workspace",
            message=render_to_string("emails/staff_invite.txt", context),
            html_message=render_to_string("emails/staff_invite.html", context),
            from_email=None,
            recipient_list=[email],
        )
    )
    return user


class RequireTwoFactorMiddleware:
    """With ``MFA_REQUIRED``, a signed-in user without TOTP can only reach the pages that
    set it up (and sign out)."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not Authenticator.objects.filter(
                user=request.user, type=Authenticator.Type.TOTP
            ).exists()
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
