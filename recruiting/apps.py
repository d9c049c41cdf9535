from django.apps import AppConfig
from django.db.models.signals import post_migrate

PRODUCT_APPS = ("recruiting", "ai", "voice", "interviews")


def grant_recruiter_permissions(sender, **kwargs):
    """Recruiters run the back office: every permission on the product's models, plus
    managing staff accounts. Runs after each migrate, once permissions exist."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from recruiting.roles import RECRUITER

    group, _ = Group.objects.get_or_create(name=RECRUITER)
    permissions = Permission.objects.filter(
        Q(content_type__app_label__in=PRODUCT_APPS)
        | Q(
            content_type__app_label="auth", content_type__model="group", codename__startswith="view"
        )
    )
    group.permissions.add(*permissions)


class RecruitingConfig(AppConfig):
    name = "recruiting"
    verbose_name = "Recruiting"

    def ready(self):
        # After every app, not just this one: later apps create their permissions later.
        post_migrate.connect(grant_recruiter_permissions)
