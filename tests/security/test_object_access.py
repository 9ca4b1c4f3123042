"""Object-level access: guessing ids, or adding fields a form does not offer, gets a person nothing."""

from __future__ import annotations

import uuid

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cpboard.accounts.models import User
from cpboard.core import roles
from cpboard.core.models import SecurityEvent, StoredFile
from performance.models import QuarterReturn
from tests.conftest import make_person
from tests.factories.accounts import UserFactory, person_form_data
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, QuarterReturnFactory, quarter

NOT_ADMIN = [r for r in roles.ROLES if r != roles.ADMINISTRATOR]


def row(obj) -> dict:
    """The record as it is in the database now."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {f.attname: getattr(fresh, f.attname) for f in fresh._meta.concrete_fields}


def history_url(obj) -> str:
    return reverse("core:record-history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def subject(db):
    return UserFactory(username="subject-person", first_name="Morgan", last_name="Reece")


@pytest.mark.django_db
@pytest.mark.parametrize("role", NOT_ADMIN)
def test_people_pages_refuse_anyone_but_administrators_by_id(client_as, subject, role):
    client = client_as(make_person(role))
    before = row(subject)

    assert client.get(reverse("accounts:person-detail", args=[subject.pk])).status_code == 403
    assert client.get(reverse("accounts:person-edit", args=[subject.pk])).status_code == 403
    assert client.get(history_url(subject)).status_code == 403
    posted = client.post(
        reverse("accounts:person-edit", args=[subject.pk]),
        {
            "first_name": "Changed",
            "last_name": "Changed",
            "username": "changed",
            "is_active": "",
            "version": 1,
        },
    )

    assert posted.status_code == 403
    assert row(subject) == before
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.ACCESS_REFUSED).count() == 4


@pytest.mark.django_db
def test_history_of_a_record_that_does_not_exist_is_not_found(client_as, admin_user):
    client = client_as(admin_user)
    assert client.get(reverse("core:record-history", args=["accounts", "user", 999_999])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [
        ("auth", "group"),
        ("sessions", "session"),
        ("axes", "accessattempt"),
        ("otp_totp", "totpdevice"),
        ("accounts", "securityevent"),
        ("accounts", "nosuchmodel"),
    ],
)
def test_history_is_only_for_audited_records(client_as, admin_user, app_label, model_name):
    response = client_as(admin_user).get(reverse("core:record-history", args=[app_label, model_name, 1]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_figures_and_their_history_are_refused_to_children_in_care_council_members(client_as, cicc_member):
    figure = IndicatorValueFactory()
    client = client_as(cicc_member)
    assert client.get(reverse("performance:value-detail", args=[figure.pk])).status_code == 403
    assert client.get(history_url(figure)).status_code == 403
    assert client.get(history_url(figure.indicator)).status_code == 403


def _stored_file(by) -> StoredFile:
    stored = StoredFile(
        purpose="performance-import",
        kind="csv",
        original_name="q1.csv",
        size=4,
        sha256="0" * 64,
        uploaded_by=by,
    )
    stored.file.save("x", ContentFile(b"a,b\n"), save=True)
    return stored


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.OFFICER])
def test_uploaded_files_are_not_found_by_people_whose_role_does_not_import_them(client_as, officer, role):
    stored = _stored_file(officer)
    response = client_as(make_person(role, username="guesser")).get(
        reverse("core:file-download", args=[stored.uuid])
    )
    assert response.status_code == 404
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DOWNLOAD).exists()


@pytest.mark.django_db
def test_a_guessed_file_id_is_not_found(client_as, officer):
    response = client_as(officer).get(reverse("core:file-download", args=[uuid.uuid4()]))
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [roles.CICC_MEMBER, roles.ADMINISTRATOR, roles.SENIOR_OFFICER],  # board members may: item 9
)
def test_exports_are_refused_to_roles_without_the_export_permission(client_as, role):
    IndicatorValueFactory()
    for fmt in ("csv", "xlsx"):
        response = client_as(make_person(role)).get(reverse("performance:dashboard-export", args=[fmt]))
        assert response.status_code == 403
        assert "Content-Disposition" not in response
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORT).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.OFFICER])
def test_figures_cannot_be_revised_without_the_permission(client_as, role):
    QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SIGNED_OFF)
    figure = IndicatorValueFactory(period=quarter(2025, 1))
    before = row(figure)
    response = client_as(make_person(role)).post(
        reverse("performance:value-revise", args=[figure.pk]),
        {"numerator": "50", "denominator": "100", "reason": "Guessing", "version": figure.version},
    )
    assert response.status_code == 403
    assert row(figure) == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in roles.ROLES if r != roles.OFFICER])
def test_indicators_cannot_be_changed_without_the_permission(client_as, role):
    indicator = IndicatorFactory(code="HEALTH-ASSESS")
    before = row(indicator)
    response = client_as(make_person(role)).post(
        reverse("performance:indicator-edit", args=[indicator.code]), {"title": "Changed", "version": 1}
    )
    assert response.status_code == 403
    assert row(indicator) == before


def _person_form_data(person: User, **changes) -> dict:
    return person_form_data(person, **{"roles": ["board_member"], **changes})


@pytest.mark.django_db
def test_the_person_form_ignores_fields_it_does_not_offer(client_as, admin_user):
    person = make_person(roles.BOARD_MEMBER, username="councillor")
    password_before = person.password
    version_before = person.version

    response = client_as(admin_user).post(
        reverse("accounts:person-edit", args=[person.pk]),
        _person_form_data(
            person,
            job_title="Councillor",  # the one real change
            is_superuser="on",
            is_staff="on",
            deactivated_at="2020-01-01T00:00:00Z",
            anonymised_at="2020-01-01T00:00:00Z",
            password="pbkdf2_sha256$1$salt$forged",
            last_login="2020-01-01T00:00:00Z",
            date_joined="2000-01-01T00:00:00Z",
            groups=[1, 2, 3, 4, 5, 6],
            user_permissions=[1, 2, 3],
            id=1,
        ),
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.job_title == "Councillor"
    assert not person.is_superuser
    assert not person.is_staff
    assert person.deactivated_at is None
    assert person.anonymised_at is None
    assert person.password == password_before
    assert person.version == version_before + 1
    assert list(person.groups.values_list("name", flat=True)) == ["Board member"]
    assert not person.user_permissions.exists()


@pytest.mark.django_db
def test_a_tampered_version_saves_nothing_and_shows_the_conflict(client_as, admin_user):
    person = make_person(roles.BOARD_MEMBER, username="councillor")
    before = row(person)

    response = client_as(admin_user).post(
        reverse("accounts:person-edit", args=[person.pk]),
        _person_form_data(person, job_title="X", version=999),
    )

    assert response.status_code == 409
    assert "Someone else saved this record" in response.text
    assert row(person) == before


@pytest.mark.django_db
def test_a_revised_figure_ignores_fields_the_form_does_not_offer(client_as, officer):
    QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SIGNED_OFF)
    figure = IndicatorValueFactory(period=quarter(2025, 1))
    other_indicator = IndicatorFactory(code="OTHER")
    someone_else = UserFactory(username="someone-else")
    before = row(figure)

    response = client_as(officer).post(
        reverse("performance:value-revise", args=[figure.pk]),
        {
            "numerator": "13",
            "denominator": "120",
            "reason": "A child was counted twice.",
            "version": figure.version,
            # Not on the form:
            "indicator": other_indicator.pk,
            "period": quarter(2024, 1).pk,
            "entered_by": someone_else.pk,
            "source": "dfe",
            "source_note": "forged",
            "commentary": "forged",
            "status": "provisional",
        },
    )

    assert response.status_code == 302
    after = row(figure)
    assert after["numerator"] == 13
    for name in ("indicator_id", "period_id", "source", "source_note", "commentary"):
        assert after[name] == before[name], name
    assert after["entered_by_id"] != someone_else.pk
