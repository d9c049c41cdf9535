"""Staff accounts: invitation instead of sign-up, two-factor when it is required, and what
a recruiter may do to other people's accounts.

Rights stay within the role: ``ROLES`` runs from the most to the least trusted (Recruiter >
Hiring manager > Interviewer), a member of staff gives only roles at or below their own,
and superuser status, other groups and per-user permissions are given by superusers
alone. A recruiter never sets another person's password: people choose their own from
an emailed link.
"""

from collections.abc import Iterable

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse

from recruiting import roles
from recruiting.models import User
from recruiting.roles import RECRUITER, ROLES


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
    if invited_by is not None and role not in assignable_roles(invited_by):
        raise PermissionDenied(f"{invited_by} cannot give the role {role}.")
    email = email.strip().lower()
    with transaction.atomic():
        user = User(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=role == RECRUITER,
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


def assignable_roles(user: User) -> tuple[str, ...]:
    """The roles ``user`` may give: their own highest role and those below it."""
    if user.is_superuser:
        return ROLES
    names = _group_names(user)
    held = [index for index, role in enumerate(ROLES) if role in names]
    return ROLES[min(held) :] if held and user.is_active else ()


def _group_names(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def assignable_groups(user: User) -> QuerySet[Group]:
    """The groups ``user`` may put people in: every group for a superuser, otherwise only
    the roles they may give (a group outside the roles could carry any permission)."""
    if user.is_superuser:
        return Group.objects.all()
    return Group.objects.filter(name__in=assignable_roles(user))


def can_manage_account(actor: User, account: User) -> bool:
    """Recruiters manage staff accounts, but not a superuser's: changing its email or
    status would be a way to take it over."""
    if actor.is_superuser:
        return True
    return roles.is_recruiter(actor) and not account.is_superuser


def staff_roles_set(*, account: User, groups: Iterable[Group], by: User) -> None:
    """Give ``account`` exactly ``groups`` among those ``by`` may assign.

    Groups ``by`` may not assign are neither added nor removed: a recruiter changing
    someone's role leaves a superuser's other grants alone. When a non-superuser sets the
    role, back-office access (``is_staff``) follows it, as it does for an invitation.
    """
    if not can_manage_account(by, account):
        raise PermissionDenied(f"{by} cannot change the account of {account}.")
    allowed = set(assignable_groups(by))
    refused = [group.name for group in groups if group not in allowed]
    if refused:
        raise PermissionDenied(f"{by} cannot give {', '.join(sorted(refused))}.")
    with transaction.atomic():
        kept = list(account.groups.exclude(pk__in=[group.pk for group in allowed]))
        account.groups.set([*groups, *kept])
        account.__dict__.pop("_role_names", None)  # roles.py caches the names it read
        if not by.is_superuser:
            is_staff = RECRUITER in _group_names(account)
            if account.is_staff != is_staff:
                account.is_staff = is_staff
                account.save(update_fields=["is_staff"])


def staff_deactivate(*, accounts: Iterable[User], by: User) -> int:
    """Deactivate the accounts ``by`` may manage, never their own; returns how many.
    A deactivated account cannot sign in; its history stays."""
    ids = [
        account.pk
        for account in accounts
        if account.is_active and account.pk != by.pk and can_manage_account(by, account)
    ]
    return User.objects.filter(pk__in=ids).update(is_active=False)


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
