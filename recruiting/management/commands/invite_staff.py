"""Invite a member of staff by email, e.g. the first recruiter of a new installation."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from recruiting.accounts import staff_invite
from recruiting.forms import StaffInviteForm
from recruiting.roles import ROLES


class Command(BaseCommand):
    help = "Create a staff account with a role and email them a link to choose a password."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--first-name", required=True)
        parser.add_argument("--last-name", default="")
        parser.add_argument("--role", choices=ROLES, default=ROLES[0])

    def handle(self, *args, email, first_name, last_name, role, **options):
        form = StaffInviteForm(
            {"email": email, "first_name": first_name, "last_name": last_name, "role": role}
        )
        if not form.is_valid():
            raise CommandError("; ".join(e for errors in form.errors.values() for e in errors))
        with transaction.atomic():
            user = staff_invite(**form.cleaned_data)
        self.stdout.write(self.style.SUCCESS(f"Invited {user.email} as {role}."))
