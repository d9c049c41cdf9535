"""Who may use the back office, and the admin building blocks the other modules share."""

from django.contrib import admin

from recruiting import roles


def _recruiters_only(request) -> bool:
    """The back office is for recruiters; hiring managers and interviewers use the HR
    pages, which scope everything to their jobs."""
    return request.user.is_active and request.user.is_staff and roles.is_recruiter(request.user)


admin.site.has_permission = _recruiters_only


class ReadOnlyInline(admin.TabularInline):
    """A read-only list of related rows that stays small on a big parent.

    A job can have thousands of applications; the inline shows the first ``max_shown``
    in the model's order and links to the filtered changelist for the rest.
    """

    extra = 0
    max_shown = 50
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        max_shown = self.max_shown

        class Limited(formset):
            def get_queryset(self):
                if not hasattr(self, "_limited_queryset"):
                    self._limited_queryset = super().get_queryset()[:max_shown]
                return self._limited_queryset

        return Limited


class RecordAdmin(admin.ModelAdmin):
    """For rows that record what happened (consents given or withdrawn, inbound provider
    callbacks): recruiters read them; nobody adds one by hand, and only a superuser changes
    or deletes one (to correct a mistake or honour an erasure request)."""

    def has_add_permission(self, request, *args, **kwargs):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)
