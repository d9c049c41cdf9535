"""Staff accounts and their rights: recruiters invite and manage staff within
``recruiting.accounts``' rules; the admin of every model outside the product is for superusers
only."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from recruiting import accounts
from recruiting.apps import PRODUCT_APPS
from recruiting.forms import StaffInviteForm
from recruiting.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Staff accounts. New people are invited (they choose their own password from the
    emailed link) rather than given one.

    Superusers get Django's full user admin. Everyone else (recruiters: the back office
    lets no one else in) edits names, email, whether the account is active and its roles,
    within ``recruiting.accounts``' rules: no superuser status, per-user permissions,
    groups outside the roles, passwords, or changes to a superuser's account.
    """

    change_list_template = "admin/recruiting/user/change_list.html"
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "group_names")
    actions = ["deactivate"]
    staff_fieldsets = (
        (None, {"fields": ("username",)}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Access", {"fields": ("is_active", "groups", "is_staff", "is_superuser")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    staff_readonly_fields = ("is_staff", "is_superuser", "last_login", "date_joined")

    def get_urls(self):
        invite = self.admin_site.admin_view(self.invite_view)
        return [path("invite/", invite, name="recruiting_user_invite"), *super().get_urls()]

    def invite_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StaffInviteForm(request.POST or None, roles=accounts.assignable_roles(request.user))
        if request.method == "POST" and form.is_valid():
            user = accounts.staff_invite(invited_by=request.user, **form.cleaned_data)
            messages.success(request, f"Invitation sent to {user.email}.")
            return redirect("admin:recruiting_user_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Invite a member of staff",
            "opts": self.model._meta,
            "form": form,
        }
        return TemplateResponse(request, "admin/recruiting/user/invite.html", context)

    def add_view(self, request, form_url="", extra_context=None):
        # Django's add form sets the new person's password; staff are invited instead.
        if not request.user.is_superuser:
            return redirect("admin:recruiting_user_invite")
        return super().add_view(request, form_url, extra_context)

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return self.staff_readonly_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = accounts.assignable_groups(request.user)
            if not request.user.is_superuser:
                kwargs["label"] = "Roles"
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or accounts.can_manage_account(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # Leavers are deactivated, which keeps their history; only superusers delete.
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        if request.user.is_superuser or "groups" not in form.cleaned_data:
            return super().save_related(request, form, formsets, change)
        groups = form.cleaned_data.pop("groups")
        super().save_related(request, form, formsets, change)
        accounts.staff_roles_set(account=form.instance, groups=groups, by=request.user)

    @admin.action(description="Deactivate selected accounts", permissions=["change"])
    def deactivate(self, request, queryset):
        count = accounts.staff_deactivate(accounts=queryset, by=request.user)
        noun = "account" if count == 1 else "accounts"
        self.message_user(request, f"{count} {noun} deactivated.", messages.SUCCESS)

    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("username", "first_name", "last_name", "email")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def group_names(self, obj):
        return ", ".join(group.name for group in obj.groups.all())


class SuperusersOnly:
    """For the admin of a model outside the product (groups and permissions, two-factor
    devices, email addresses, beat schedules, ...): only superusers see or touch it,
    whatever permissions a group was given."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_superuser and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


def _superusers_only_outside(app_labels) -> None:
    """Re-register every admin already registered for a model outside ``app_labels`` with
    ``SuperusersOnly`` in front. Third-party apps come before ours in INSTALLED_APPS, so
    theirs are registered by the time this module is imported."""
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label in app_labels or isinstance(model_admin, SuperusersOnly):
            continue
        base = type(model_admin)
        admin.site.unregister(model)
        admin.site.register(
            model, type(f"SuperusersOnly{base.__name__}", (SuperusersOnly, base), {})
        )


_superusers_only_outside(PRODUCT_APPS)
