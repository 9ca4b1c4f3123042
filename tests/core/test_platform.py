"""The platform a council runs: database start-up errors, the demo people, and each role's home page."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from cpboard.accounts.demo import DEMO_PEOPLE, seed_people
from cpboard.accounts.models import User
from cpboard.core import roles

REPO = Path(__file__).resolve().parents[2]


def test_unreachable_database_url_gives_one_clear_line_not_a_traceback():
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere"}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("cpboard: cannot reach the database nowhere on 127.0.0.1:9")
    assert "Traceback" not in result.stderr


def test_settings_always_use_postgresql():
    from django.conf import settings
    from django.db import connection

    # DATABASE_URL's django.db.backends.postgresql, or cpboard.db.embedded (Django's, starting the local server).
    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["ATOMIC_REQUESTS"] is True


@pytest.mark.django_db
def test_demo_people_are_created_once_with_passwords_printed_once():
    first, second = io.StringIO(), io.StringIO()
    seed_people(first)
    history_rows = sum(p.history.count() for p in User.objects.all())
    seed_people(second)
    assert User.objects.count() == len(DEMO_PEOPLE)
    assert "thistledon-officer" in first.getvalue()
    assert second.getvalue() == ""
    assert sum(p.history.count() for p in User.objects.all()) == history_rows
    for username, *_, role_slugs, password in DEMO_PEOPLE:
        person = User.objects.get(username=username)
        assert person.check_password(password)
        assert {g.name for g in person.groups.all()} == {roles.ROLES[r].name for r in role_slugs}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        (
            roles.BOARD_MEMBER,
            ["How are our children in care doing?"],
            ["Quarterly figures", "People and roles"],
        ),
        (roles.OFFICER, ["Quarterly figures", "Indicator catalogue"], ["People and roles"]),
        (
            roles.CICC_MEMBER,  # their own page (pledge:young-home)
            ["Children in Care Council", "Our promise to you", "You said, we did"],
            ["How are our children in care doing?", "Quarterly figures"],
        ),
        (roles.ADMINISTRATOR, ["People and roles", "Security log"], ["Quarterly figures"]),
    ],
)
def test_each_role_home_page_offers_only_what_the_role_allows(
    client_as, person_with_role, role, shown, hidden
):
    html = client_as(person_with_role(role)).get(reverse("core:home"), follow=True).content.decode()
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html
    assert html.count("<h1") == 1
    assert "LAC" not in html


@pytest.mark.django_db
def test_wrong_role_gets_a_plain_english_403_page(client_as, cicc_member):
    response = client_as(cicc_member).get(reverse("performance:dashboard"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


@pytest.mark.django_db
def test_navigation_is_hidden_until_the_second_factor_is_given(client, officer):
    client.force_login(officer)
    page = client.get(reverse("accounts:mfa-setup")).content.decode()
    assert reverse("performance:dashboard") not in page


def test_project_apps_are_ours_in_installed_apps_order_and_no_third_party_app():
    from django.conf import settings

    from cpboard.core.apps import project_apps

    labels = [config.label for config in project_apps()]
    assert labels == ["core", "accounts", "performance", "pledge", "training", "visits", "actions", "board"]
    assert [config.name for config in project_apps()] == [
        name for name in settings.INSTALLED_APPS if name.startswith(("cpboard.", *labels))
    ]


def test_seed_demo_finds_each_apps_demo_function_on_its_app_config():
    from cpboard.core.management.commands.seed_demo import demo_functions

    assert demo_functions() == (
        "cpboard.accounts.demo.seed_people",
        [
            "performance.demo.seed_performance",
            "pledge.demo.seed_pledge",
            "training.demo.seed_training",
            "visits.demo.seed_visits",
            "cpboard.actions.demo.seed_actions",
            "cpboard.board.demo.seed_board",
        ],
    )
