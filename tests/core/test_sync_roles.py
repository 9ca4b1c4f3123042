"""`sync_roles` after a migrate or a test database's flush: every role's group holds exactly its permissions,
and the work is done once, in a bounded number of queries (it used to be about 5,000 queries, 6 s, after every
browser test)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cpboard.core.roles import ROLES

pytestmark = pytest.mark.django_db


def test_each_roles_group_holds_exactly_its_permissions_after_post_migrate():
    for role in ROLES.values():
        Group.objects.get_or_create(name=role.name)[0].permissions.clear()

    with CaptureQueriesContext(connection) as queries:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    for role in ROLES.values():
        held = {
            f"{app}.{code}"
            for app, code in Group.objects.get(name=role.name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert held == set(role.permissions), role.name
    assert len(queries) < 200, len(queries)
