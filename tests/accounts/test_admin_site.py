"""The Django administration site gives no powers beyond cpboard/core/roles.py, and every change made there
is in the security log. The break-glass superuser is logged too."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.accounts.admin import POWER_FIELDS
from cpboard.accounts.models import User
from cpboard.core import roles
from cpboard.core.models import SecurityEvent
from tests.conftest import make_person, signed_in
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
Kind = SecurityEvent.Kind


@pytest.fixture
def superuser(db):
    return UserFactory(username="break-glass", is_superuser=True)


def _change_url(obj) -> str:
    return f"/django-admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_no_form_on_the_admin_site_offers_powers_or_passwords(who, admin_user, superuser):
    """Every registered ModelAdmin, add and change: no editable superuser, staff, group, permission or
    password field. A new ModelAdmin is checked automatically."""
    user = admin_user if who == "administrator" else superuser
    request = RequestFactory().get("/django-admin/")
    request.user = user
    person = make_person(roles.OFFICER, username="someone")
    for model, model_admin in admin.site._registry.items():
        instance = person if model is User else model._default_manager.first()
        for obj in (None, instance) if instance is not None else (None,):
            allowed = (
                model_admin.has_add_permission(request)
                if obj is None
                else model_admin.has_change_permission(request, obj)
            )
            if not allowed:
                continue
            form_class = model_admin.get_form(request, obj)
            editable = set(form_class.base_fields) - set(model_admin.get_readonly_fields(request, obj))
            assert not editable & POWER_FIELDS, f"{model.__name__} admin offers {editable & POWER_FIELDS}"


def test_groups_permissions_and_authenticators_are_not_managed_on_the_admin_site():
    for model in (Group, Permission, TOTPDevice, StaticDevice):
        assert not admin.site.is_registered(model), model.__name__


def test_the_admin_site_has_no_bulk_delete():
    """Bulk deletion would write the admin log without the security log (LogEntry bulk_create)."""
    request = RequestFactory().get("/django-admin/")
    request.user = UserFactory(username="su", is_superuser=True)
    for model_admin in admin.site._registry.values():
        assert "delete_selected" not in model_admin.get_actions(request)


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_a_tampered_admin_post_changes_no_powers_and_is_logged(client, who, admin_user, superuser):
    user = admin_user if who == "administrator" else superuser
    signed_in(client, user)
    target = make_person(roles.BOARD_MEMBER, username="target-person")
    version = target.version
    admin_group = Group.objects.get(name=roles.ROLES[roles.ADMINISTRATOR].name)
    SecurityEvent.objects.all().delete()

    response = client.post(
        _change_url(target),
        {
            "username": target.username,
            "first_name": "Corrected",
            "last_name": target.last_name,
            "email": target.email,
            "organisation": target.organisation,
            "job_title": "",
            # Tampering: none of these is on the form.
            "is_superuser": "on",
            "is_staff": "on",
            "is_active": "",
            "groups": [admin_group.pk],
            "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:5]),
            "password": "pbkdf2_sha256$1$x$y",
            "password1": "a-new-password-123",
            "password2": "a-new-password-123",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    target.refresh_from_db()
    assert target.first_name == "Corrected"
    assert not target.is_superuser and not target.is_staff and target.is_active
    assert [g.name for g in target.groups.all()] == ["Board member"]
    assert not target.user_permissions.exists()
    assert target.check_password(PASSWORD)
    assert target.version == version + 1  # saved through save_audited
    assert target.history.latest().history_change_reason == "Changed in the administration site"
    event = SecurityEvent.objects.get(kind=Kind.ADMIN_CHANGE)
    assert (event.user, event.subject) == (user, target)
    assert event.detail == f"Changed person #{target.pk} in the administration site"
    assert not SecurityEvent.objects.filter(kind=Kind.ROLE_ADDED).exists()


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_the_admin_site_cannot_add_people_or_set_passwords(client, who, admin_user, superuser):
    user = admin_user if who == "administrator" else superuser
    signed_in(client, user)
    target = make_person(roles.BOARD_MEMBER, username="target-person")
    password_url = f"/django-admin/accounts/user/{target.pk}/password/"
    new = "a-brand-new-password-9"

    assert client.get(password_url).status_code == 403
    assert client.post(password_url, {"password1": new, "password2": new}).status_code == 403
    assert client.get("/django-admin/accounts/user/add/").status_code == 403
    assert (
        client.post(
            "/django-admin/accounts/user/add/",
            {"username": "sneaky", "password1": new, "password2": new, "is_superuser": "on"},
        ).status_code
        == 403
    )
    target.refresh_from_db()
    assert target.check_password(PASSWORD)
    assert not User.objects.filter(username="sneaky").exists()


def test_the_admin_sites_own_change_password_page_is_refused(client, admin_user):
    signed_in(client, admin_user)
    new = "a-brand-new-password-9"
    response = client.post(
        "/django-admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


def test_the_admin_group_page_is_gone(client, superuser):
    signed_in(client, superuser)
    group = Group.objects.get(name=roles.ROLES[roles.ADMINISTRATOR].name)
    assert client.get(f"/django-admin/auth/group/{group.pk}/change/").status_code == 404


def test_deleting_on_the_admin_site_is_logged(client, superuser):
    attempt = AccessAttempt.objects.create(
        username="someone", ip_address="203.0.113.4", user_agent="x", failures_since_start=5
    )
    signed_in(client, superuser)
    SecurityEvent.objects.all().delete()

    response = client.post(f"/django-admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(pk=attempt.pk).exists()
    event = SecurityEvent.objects.get(kind=Kind.ADMIN_CHANGE)
    assert event.user == superuser
    assert event.detail == f"Deleted access attempt #{attempt.pk} in the administration site"


def test_createsuperuser_the_break_glass_path_is_logged(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-break-glass-password")
    call_command(
        "createsuperuser", interactive=False, username="glass", email="glass@thistledon.example", verbosity=0
    )
    person = User.objects.get(username="glass")
    event = SecurityEvent.objects.get(kind=Kind.SUPERUSER_CREATED)
    assert (event.subject, event.detail) == (person, "New superuser account")


def test_making_an_existing_account_superuser_is_logged(officer):
    officer.is_superuser = True
    officer.save()
    officer.save()  # saving again is not a second event
    event = SecurityEvent.objects.get(kind=Kind.SUPERUSER_CREATED)
    assert (event.subject, event.detail) == (officer, "Existing account made superuser")


def test_an_outcome_area_changed_on_the_admin_site_is_in_its_history_with_who_and_why(client, admin_user):
    from tests.factories.performance import OutcomeAreaFactory

    area = OutcomeAreaFactory()
    signed_in(client, admin_user)
    response = client.post(
        _change_url(area), {"name": "Being safe", "slug": area.slug, "order": area.order, "_save": "Save"}
    )
    assert response.status_code == 302
    latest = area.history.latest()
    assert (latest.name, latest.history_user, latest.history_change_reason) == (
        "Being safe",
        admin_user,
        "Changed in the administration site",
    )


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_an_old_version_on_the_admin_site_cannot_be_saved_back(client, who, admin_user, superuser):
    """SIMPLE_HISTORY_REVERT_DISABLED only hides the button: a POST to an old version's page would save,
    taking the fields the form does not offer (here is_active) from that version, so a person deactivated on
    the People pages could be reactivated there. Every history page on the site is read-only."""
    from simple_history.admin import SimpleHistoryAdmin

    from cpboard.core.admin import HistoryReadOnlyAdmin

    user = admin_user if who == "administrator" else superuser
    target = make_person(roles.BOARD_MEMBER, username="leaver")
    active_version = target.history.latest().history_id
    target.is_active = False
    target.save()
    signed_in(client, user)
    SecurityEvent.objects.all().delete()
    url = f"/django-admin/accounts/user/{target.pk}/history/{active_version}/"
    details = {
        f: getattr(target, f) for f in ("username", "first_name", "last_name", "email", "organisation")
    }

    assert client.get(url).status_code == 200  # reading an old version is fine
    response = client.post(url, {**details, "job_title": "Back again", "_save": "Save"})

    assert response.status_code == 403
    target.refresh_from_db()
    assert not target.is_active and target.job_title != "Back again"
    assert not SecurityEvent.objects.filter(kind=Kind.ADMIN_CHANGE).exists()
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, HistoryReadOnlyAdmin), model.__name__
