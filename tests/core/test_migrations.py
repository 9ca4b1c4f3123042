"""The security log and rate-limit counts moved from accounts to core (core.0002, accounts.0003) without losing a row."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cpboard.core.models import RateLimitWindow, SecurityEvent

BEFORE_THE_MOVE = [("core", "0001_initial"), ("accounts", "0002_rate_limit_window")]


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


# Migrating this worker's test database back and forth needs real transactions (not the usual test rollback),
# and the group keeps it on one xdist worker with nothing else in the group.
@pytest.mark.xdist_group("migrations")
@pytest.mark.django_db(transaction=True)
def test_security_events_rate_limit_windows_and_permissions_survive_the_move_to_core():
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state(BEFORE_THE_MOVE, at_end=True).apps
        person = old.get_model("accounts", "User").objects.create(username="before-the-move")
        event = old.get_model("accounts", "SecurityEvent").objects.create(
            kind="login", user_id=person.pk, username="before-the-move", ip_address="192.0.2.7", detail="old"
        )
        start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
        window = old.get_model("accounts", "RateLimitWindow").objects.create(
            key="digest", window_start=start, count=3
        )
        permission = old.get_model("auth", "Permission").objects.get(
            content_type__app_label="accounts", codename="view_securityevent"
        )
        group = old.get_model("auth", "Group").objects.create(name="Given the permission before the move")
        group.permissions.add(permission)

        _migrate(_latest())
    finally:
        _migrate(_latest())  # whatever happened, leave the database as the other tests expect it
        ContentType.objects.clear_cache()

    moved = SecurityEvent.objects.get(pk=event.pk)
    assert (moved.kind, moved.user_id, moved.username, moved.ip_address, moved.detail) == (
        "login",
        person.pk,
        "before-the-move",
        "192.0.2.7",
        "old",
    )
    assert RateLimitWindow.objects.filter(pk=window.pk, key="digest", window_start=start, count=3).exists()
    assert SecurityEvent._meta.db_table == "core_securityevent"
    # The same permission row, now under core: the group still has it.
    kept = Group.objects.get(pk=group.pk).permissions.get()
    assert (kept.pk, kept.content_type.app_label, kept.codename) == (
        permission.pk,
        "core",
        "view_securityevent",
    )
    assert not ContentType.objects.filter(
        app_label="accounts", model__in=["securityevent", "ratelimitwindow"]
    )
    # New rows carry on after the old ids.
    assert SecurityEvent.objects.create(kind="logout").pk > event.pk
