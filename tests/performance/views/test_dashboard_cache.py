"""The rendered scorecard is cached in the database cache every server shares, one per quarter, filter and class
of person (sees drafts or not, sees small numbers or not), and retired by any write to the figures' tables:
a change shows at once, and nobody is shown what another class may see."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cpboard.core import shared_cache
from cpboard.core.models import Generation
from performance.models import Comparator, Indicator, IndicatorValue, QuarterReturn
from tests.conftest import signed_in
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)
from tests.performance.views.test_quarters import form_data, quarter_url

# Transactional: the generation is bumped when a write commits (a deferred trigger, as in production), so
# these tests let every write commit rather than wrapping the test in one transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("races")]
DASHBOARD = reverse("performance:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    """A transactional test's flush empties the models' tables (the generation restarts) but not the cache
    table, so each test starts with an empty cache."""
    shared_cache.clear()
    yield
    shared_cache.clear()


def scorecard_queries(client) -> int:
    """How many queries the page ran that read the scorecard's own tables (values, targets, comparators)."""
    with CaptureQueriesContext(connection) as queries:
        client.get(DASHBOARD)
    return sum('FROM "performance_target"' in q["sql"] for q in queries.captured_queries)


def test_the_second_look_at_the_dashboard_is_read_from_the_shared_cache(board_member):
    IndicatorValueFactory(indicator=IndicatorFactory(code="A"), period=quarter(2025, 1))
    released(quarter(2025, 1))
    client = signed_in(Client(), board_member)
    assert scorecard_queries(client) == 1  # built
    assert scorecard_queries(client) == 0  # cached
    other = signed_in(Client(), board_member.__class__.objects.get(pk=board_member.pk))
    assert scorecard_queries(other) == 0  # and shared: the cache is in the database, not a process


def test_an_officer_saves_a_figure_and_the_board_sees_it_at_once(officer, board_member):
    stability = IndicatorFactory(code="PS-1", title="Three or more placements")
    IndicatorValueFactory(
        indicator=stability, period=quarter(2024, 4), numerator=10, denominator=100, value=Decimal("10.0")
    )
    released(quarter(2024, 4))
    draft = QuarterReturnFactory(period=quarter(2025, 1))
    board = signed_in(Client(), board_member)
    officers = signed_in(Client(), officer)
    assert "10.0%" in board.get(DASHBOARD).text  # cached now
    officers.get(DASHBOARD)

    data = form_data(officers, draft, {(stability, "numerator"): "37", (stability, "denominator"): "100"})
    assert officers.post(quarter_url(draft), data).status_code == 302

    assert "37.0%" in officers.get(DASHBOARD).text  # the officer sees the draft figure at once
    page = board.get(DASHBOARD).text
    assert "37.0%" not in page and "10.0%" in page  # the board does not see a draft
    submit = officers.post(quarter_url(draft), form_data(officers, draft, action="submit"))
    assert submit.status_code == 302, submit
    draft.refresh_from_db()
    assert draft.status == QuarterReturn.Status.SUBMITTED
    assert "37.0%" in board.get(DASHBOARD).text  # submitted: the board sees it at once


@pytest.mark.parametrize(
    "write",
    [
        lambda: IndicatorValue.objects.update(value=Decimal("55.0")),  # a bulk update: no signals
        lambda: Indicator.objects.update(title="Renamed by a bulk update"),
        lambda: Comparator.objects.update(value=Decimal("66.0")),
        lambda: QuarterReturn.objects.update(commentary="changed"),
    ],
    ids=["figures", "indicators", "comparators", "returns"],
)
def test_any_write_to_the_figures_tables_retires_the_cached_scorecard(board_member, write):
    indicator = IndicatorFactory(code="A")
    IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1))
    ComparatorFactory(indicator=indicator, period=financial_year(2024))
    released(quarter(2025, 1))
    client = signed_in(Client(), board_member)
    client.get(DASHBOARD)
    assert scorecard_queries(client) == 0
    before = shared_cache.generation("figures")
    write()
    assert shared_cache.generation("figures") > before
    assert scorecard_queries(client) == 1


def test_every_committed_write_bumps_the_generation_and_none_is_lost():
    indicator = IndicatorFactory(code="A")
    start = shared_cache.generation("figures")
    IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1))
    IndicatorValueFactory(indicator=indicator, period=quarter(2025, 2))
    IndicatorValue.objects.filter(indicator=indicator).delete()
    assert shared_cache.generation("figures") >= start + 3
    assert Generation.objects.filter(name="figures").count() == 1


def test_small_numbers_cached_for_officers_are_never_shown_to_the_board(officer, board_member):
    small = IndicatorFactory(
        code="SMALL",
        title="Children missing from care",
        unit=Indicator.Unit.COUNT,
        is_proportion=False,
        numerator_label="",
        denominator_label="",
    )
    IndicatorValueFactory(
        indicator=small, period=quarter(2025, 1), numerator=None, denominator=None, value=Decimal("3")
    )
    released(quarter(2025, 1))
    assert ">3</a>" in signed_in(Client(), officer).get(DASHBOARD).text  # cached for officers
    # a board member who also signs quarters off: sees drafts (as officers do), but not small numbers
    board_member.user_permissions.add(Permission.objects.get(codename="signoff_quarter"))
    board_page = signed_in(Client(), board_member).get(DASHBOARD).text
    assert ">fewer than 5</a>" in board_page and ">3</a>" not in board_page


def test_a_draft_cached_for_officers_is_never_shown_to_the_board(officer, board_member):
    indicator = IndicatorFactory(code="A")
    IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1), value=Decimal("10.0"))
    released(quarter(2025, 1))
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 2), numerator=40, denominator=100, value=Decimal("40.0")
    )
    QuarterReturnFactory(period=quarter(2025, 2))  # a draft
    assert "40.0%" in signed_in(Client(), officer).get(DASHBOARD).text
    # a board member allowed small numbers (as officers are), but not drafts
    board_member.user_permissions.add(Permission.objects.get(codename="view_small_numbers"))
    board_page = signed_in(Client(), board_member).get(DASHBOARD).text
    assert "40.0%" not in board_page and "10.0%" in board_page


def test_the_cache_table_is_made_by_migrate():
    """By core's migration 0006 (so `migrate` and `cpboard serve --migrate` make it), not only by the test
    runner's createcachetable."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cpboard.core.migrations.0006_generation_and_cache_table")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE cpboard_cache")  # undone with the test's transaction
    assert "cpboard_cache" not in connection.introspection.table_names()
    with connection.schema_editor() as editor:
        for operation in migration.Migration.operations:
            if hasattr(operation, "code"):
                operation.code(apps, editor)
    assert "cpboard_cache" in connection.introspection.table_names()


def test_writers_never_deadlock_on_the_generation_counter(transactional_db):
    """An officer's edit while another transaction (say a DfE load) already holds rows: the counter is bumped
    only at commit, so neither waits on it while holding rows the other wants. A statement-time counter
    deadlocked here: T1 held the counter and wanted Y, T2 held Y and wanted the counter."""
    import threading
    import time

    from django.db import connection, transaction

    indicator = IndicatorFactory(code="LOCKS")
    x = TargetFactory(indicator=indicator, period=financial_year(2024))
    y = TargetFactory(indicator=indicator, period=financial_year(2025))
    t2_holds_y = threading.Event()
    errors: list[BaseException] = []

    def first():
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT id FROM performance_target WHERE id = %s FOR UPDATE", [x.pk])
                cursor.execute("UPDATE performance_target SET note = 'one' WHERE id = %s", [x.pk])
                t2_holds_y.wait(10)
                time.sleep(0.3)  # the other writer is now writing y
                cursor.execute("SELECT id FROM performance_target WHERE id = %s FOR UPDATE", [y.pk])
                cursor.execute("UPDATE performance_target SET note = 'one' WHERE id = %s", [y.pk])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    def second():
        try:
            time.sleep(0.1)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT id FROM performance_target WHERE id = %s FOR UPDATE", [y.pk])
                t2_holds_y.set()
                cursor.execute("UPDATE performance_target SET note = 'two' WHERE id = %s", [y.pk])
                time.sleep(0.6)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    before = shared_cache.generation("figures")
    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert shared_cache.generation("figures") >= before + 3


def indicator_queries(client, code: str) -> tuple[int, str]:
    """Queries on the scorecard's own tables for the indicator page, and the page's text."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("performance:indicator-detail", args=[code]))
    return sum('FROM "performance_target"' in q["sql"] for q in queries.captured_queries), page.text


def test_the_indicator_page_is_cached_per_set_of_permissions_and_a_new_figure_shows_at_once(
    officer, board_member
):
    indicator = IndicatorFactory(code="PS-1", title="Three or more placements")
    IndicatorValueFactory(
        indicator=indicator, period=quarter(2025, 1), numerator=10, denominator=100, value=Decimal("10.0")
    )
    released(quarter(2025, 1))
    officers, board = signed_in(Client(), officer), signed_in(Client(), board_member)
    built, text = indicator_queries(officers, "PS-1")
    assert built >= 1 and "Change this indicator" in text  # an officer's page, with the officers' links
    board_built, board_text = indicator_queries(board, "PS-1")
    assert board_built >= 1 and "Change this indicator" not in board_text  # never the officer's entry
    again, _ = indicator_queries(
        signed_in(Client(), board_member.__class__.objects.get(pk=board_member.pk)), "PS-1"
    )
    assert again == 0  # a second board member's look is read from the shared cache

    value = IndicatorValue.objects.get(indicator=indicator)
    value.value, value.numerator = Decimal("37.0"), 37
    value.save()  # committed: the generation moves on

    rebuilt, text = indicator_queries(board, "PS-1")
    assert rebuilt >= 1 and "37.0%" in text
