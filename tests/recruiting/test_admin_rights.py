"""A recruiter's rights in the back office stay within the role, tried through the
admin's own forms: no superuser status, per-user permissions, groups outside the roles
or other people's passwords, and the auth, two-factor and beat-schedule models stay out
of sight. Superusers keep everything."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from recruiting import accounts, roles
from recruiting.apps import PRODUCT_APPS
from recruiting.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THIRD_PARTY_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name)
    for model in admin.site._registry
    if model._meta.app_label not in PRODUCT_APPS
)


def _with_role(role, **kwargs):
    user = UserFactory(is_staff=role == roles.RECRUITER, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def recruiter():
    return _with_role(roles.RECRUITER, username="rita")


@pytest.fixture
def recruiter_client(client, recruiter):
    client.force_login(recruiter)
    return client


@pytest.fixture
def superuser_client():
    client = Client()  # its own, so a test can hold a recruiter's client too
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def interviewer():
    return _with_role(roles.INTERVIEWER, username="ivan", email="ivan@example.com")


@pytest.fixture
def powerful_group():
    group = Group.objects.create(name="Auditors")
    group.permissions.add(Permission.objects.get(codename="change_permission"))
    return group


def _change_url(user):
    return reverse("admin:recruiting_user_change", args=[user.pk])


def _form(user, **changes):
    """What the change form posts for ``user``, with ``changes`` on top."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "groups": [group.pk for group in user.groups.all()],
    }
    if user.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return data


def _role_pk(role):
    return Group.objects.get_or_create(name=role)[0].pk


def test_the_change_form_shows_no_password_link_superuser_or_permission_fields(
    recruiter_client, interviewer
):
    page = recruiter_client.get(_change_url(interviewer))
    assert page.status_code == 200
    html = page.content.decode()
    assert "../password/" not in html and "/password/" not in html
    assert 'name="is_superuser"' not in html
    assert 'name="is_staff"' not in html
    assert 'name="user_permissions"' not in html
    choices = {str(c[1]) for c in page.context["adminform"].form.fields["groups"].choices}
    assert choices == set(roles.ROLES)


def test_posting_superuser_status_and_permissions_changes_nothing(recruiter_client, interviewer):
    permission = Permission.objects.get(codename="change_permission")
    response = recruiter_client.post(
        _change_url(interviewer),
        _form(interviewer, is_superuser="on", is_staff="on", user_permissions=[permission.pk]),
    )
    assert response.status_code == 302  # saved: the extra fields are simply not part of it
    interviewer.refresh_from_db()
    assert not interviewer.is_superuser
    assert not interviewer.is_staff
    assert not interviewer.user_permissions.exists()


def test_a_recruiter_cannot_make_themselves_superuser(recruiter_client, recruiter):
    response = recruiter_client.post(_change_url(recruiter), _form(recruiter, is_superuser="on"))
    assert response.status_code == 302
    recruiter.refresh_from_db()
    assert not recruiter.is_superuser


def test_a_group_outside_the_roles_cannot_be_given(recruiter_client, interviewer, powerful_group):
    response = recruiter_client.post(
        _change_url(interviewer),
        _form(interviewer, groups=[powerful_group.pk, _role_pk(roles.INTERVIEWER)]),
    )
    assert response.status_code == 200  # the form comes back with an error
    assert "groups" in response.context["adminform"].form.errors
    assert set(interviewer.groups.values_list("name", flat=True)) == {roles.INTERVIEWER}


def test_changing_a_role_keeps_groups_only_a_superuser_gave(
    recruiter_client, interviewer, powerful_group
):
    interviewer.groups.add(powerful_group)
    response = recruiter_client.post(
        _change_url(interviewer), _form(interviewer, groups=[_role_pk(roles.HIRING_MANAGER)])
    )
    assert response.status_code == 302
    assert set(interviewer.groups.values_list("name", flat=True)) == {
        roles.HIRING_MANAGER,
        "Auditors",
    }


def test_a_recruiter_sets_roles_and_back_office_access_follows(recruiter_client, interviewer):
    promote = _form(interviewer, groups=[_role_pk(roles.RECRUITER)])
    assert recruiter_client.post(_change_url(interviewer), promote).status_code == 302
    interviewer.refresh_from_db()
    assert set(interviewer.groups.values_list("name", flat=True)) == {roles.RECRUITER}
    assert interviewer.is_staff

    demote = _form(interviewer, groups=[_role_pk(roles.INTERVIEWER)])
    assert recruiter_client.post(_change_url(interviewer), demote).status_code == 302
    interviewer.refresh_from_db()
    assert not interviewer.is_staff


def test_a_recruiter_deactivates_staff_from_the_form_and_the_list(recruiter_client, recruiter):
    leaver = _with_role(roles.HIRING_MANAGER, username="leaver")
    other = _with_role(roles.INTERVIEWER, username="other")
    form = _form(leaver)
    del form["is_active"]
    assert recruiter_client.post(_change_url(leaver), form).status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active

    response = recruiter_client.post(
        reverse("admin:recruiting_user_changelist"),
        {"action": "deactivate", "_selected_action": [other.pk, recruiter.pk]},
        follow=True,
    )
    assert "1 account deactivated." in response.content.decode()
    other.refresh_from_db()
    recruiter.refresh_from_db()
    assert not other.is_active
    assert recruiter.is_active  # never yourself


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_password_view_is_refused_for_someone_else_and_for_yourself(
    recruiter_client, recruiter, interviewer, method
):
    for user in (interviewer, recruiter):
        url = reverse("admin:auth_user_password_change", args=[user.pk])
        data = {"password1": "a-new-long-passphrase-1", "password2": "a-new-long-passphrase-1"}
        response = getattr(recruiter_client, method)(url, data if method == "post" else None)
        assert response.status_code == 403
    interviewer.refresh_from_db()
    assert not interviewer.check_password("a-new-long-passphrase-1")


def test_the_add_form_that_sets_a_password_sends_recruiters_to_the_invitation(recruiter_client):
    add = reverse("admin:recruiting_user_add")
    assert recruiter_client.get(add)["Location"] == reverse("admin:recruiting_user_invite")
    response = recruiter_client.post(
        add,
        {
            "username": "mallory",
            "usable_password": "true",
            "password1": "a-new-long-passphrase-1",
            "password2": "a-new-long-passphrase-1",
        },
    )
    assert response.status_code == 302
    assert not User.objects.filter(username="mallory").exists()


def test_a_superusers_account_is_read_only_to_a_recruiter(recruiter_client):
    root = UserFactory(username="root-account", is_superuser=True, is_staff=True)
    page = recruiter_client.get(_change_url(root))
    assert page.status_code == 200
    assert 'name="email"' not in page.content.decode()
    response = recruiter_client.post(_change_url(root), _form(root, email="mine@example.com"))
    assert response.status_code == 403
    recruiter_client.post(
        reverse("admin:recruiting_user_changelist"),
        {"action": "deactivate", "_selected_action": [root.pk]},
    )
    root.refresh_from_db()
    assert root.email != "mine@example.com" and root.is_active


def test_only_superusers_delete_accounts(recruiter_client, interviewer):
    url = reverse("admin:recruiting_user_delete", args=[interviewer.pk])
    assert recruiter_client.get(url).status_code == 403
    assert recruiter_client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=interviewer.pk).exists()


def test_the_invitation_and_the_roles_it_offers(
    recruiter_client, django_capture_on_commit_callbacks
):
    url = reverse("admin:recruiting_user_invite")
    with django_capture_on_commit_callbacks(execute=True):
        response = recruiter_client.post(
            url,
            {"email": "new@example.com", "first_name": "New", "role": roles.HIRING_MANAGER},
        )
    assert response.status_code == 302
    invited = User.objects.get(email="new@example.com")
    assert set(invited.groups.values_list("name", flat=True)) == {roles.HIRING_MANAGER}
    assert not invited.is_staff and not invited.is_superuser and not invited.has_usable_password()
    refused = recruiter_client.post(
        url, {"email": "x@example.com", "first_name": "X", "role": "Auditors"}
    )
    assert "role" in refused.context["form"].errors


def test_roles_are_ordered_and_no_one_gives_a_role_above_their_own():
    manager = _with_role(roles.HIRING_MANAGER)
    interviewer = _with_role(roles.INTERVIEWER)
    assert accounts.assignable_roles(_with_role(roles.RECRUITER)) == roles.ROLES
    assert accounts.assignable_roles(manager) == (roles.HIRING_MANAGER, roles.INTERVIEWER)
    assert accounts.assignable_roles(interviewer) == (roles.INTERVIEWER,)
    assert accounts.assignable_roles(UserFactory()) == ()
    with pytest.raises(PermissionDenied):
        accounts.staff_invite(
            email="up@example.com",
            first_name="Up",
            last_name="",
            role=roles.RECRUITER,
            invited_by=manager,
        )
    with pytest.raises(PermissionDenied):
        accounts.staff_roles_set(
            account=interviewer, groups=[Group.objects.get(name=roles.RECRUITER)], by=manager
        )


def test_the_index_lists_no_auth_mfa_or_beat_models_for_a_recruiter(
    recruiter_client, superuser_client
):
    assert THIRD_PARTY_MODELS, "auth, allauth and beat admins are registered"
    for app_label in ("auth", "mfa", "account", "django_celery_beat"):
        assert app_label in {label for label, _ in THIRD_PARTY_MODELS}
    index = recruiter_client.get(reverse("admin:index"))
    assert index.status_code == 200
    listed = {app["app_label"] for app in index.context["app_list"]}
    assert listed <= set(PRODUCT_APPS)
    assert "recruiting" in listed
    superuser_index = superuser_client.get(reverse("admin:index"))
    assert {"auth", "mfa", "django_celery_beat"} <= {
        app["app_label"] for app in superuser_index.context["app_list"]
    }


@pytest.mark.parametrize(("app_label", "model_name"), THIRD_PARTY_MODELS)
def test_third_party_changelists_are_refused_to_a_recruiter_even_with_permissions(
    client, recruiter, app_label, model_name
):
    # Even a recruiter who was given every permission on the model does not get in.
    recruiter.user_permissions.add(*Permission.objects.filter(content_type__app_label=app_label))
    client.force_login(recruiter)
    changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
    assert client.get(changelist).status_code == 403
    add = reverse(f"admin:{app_label}_{model_name}_add")
    assert client.get(add).status_code == 403
    assert client.get(f"/admin/{app_label}/").status_code in (403, 404)


def test_sessions_are_not_in_the_back_office(recruiter_client):
    assert recruiter_client.get("/admin/sessions/session/").status_code == 404


def test_superusers_keep_the_full_user_admin(superuser_client, interviewer, powerful_group):
    page = superuser_client.get(_change_url(interviewer)).content.decode()
    assert 'name="is_superuser"' in page and 'name="user_permissions"' in page
    password = reverse("admin:auth_user_password_change", args=[interviewer.pk])
    assert superuser_client.get(password).status_code == 200
    response = superuser_client.post(
        _change_url(interviewer),
        _form(
            interviewer,
            is_staff="on",
            groups=[powerful_group.pk],
            date_joined_0="2026-01-05",
            date_joined_1="09:00:00",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(interviewer.groups.values_list("name", flat=True)) == {"Auditors"}
