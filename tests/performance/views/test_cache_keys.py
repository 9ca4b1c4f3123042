"""What the shared cache's keys must cover so nobody is ever shown HTML drawn from other figures, code or wording."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cpboard.core import shared_cache
from performance.models import IndicatorValue
from performance.views import dashboard as dashboard_views
from tests.conftest import make_person, signed_in
from tests.factories.performance import IndicatorFactory, IndicatorValueFactory, quarter, released

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("races")]
DASHBOARD = reverse("performance:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    shared_cache.clear()
    yield
    shared_cache.clear()


def _figures(value: str) -> None:
    indicator = IndicatorFactory(code="PS-1", title="Three or more placements")
    IndicatorValueFactory(
        indicator=indicator,
        period=quarter(2024, 4),
        numerator=int(Decimal(value)),
        denominator=100,
        value=Decimal(value),
    )
    released(quarter(2024, 4))


def test_a_flushed_and_reloaded_database_never_serves_the_old_figures_cached_at_a_reused_generation():
    """`manage.py flush` (or anything that empties core_generation) restarts the counter, but the cache table
    is not a model's and keeps its entries: once the new figures' writes bring the counter back to the old
    number, the old figures were served as the new ones."""
    _figures("10.0")
    for _ in range(30):  # an ordinary life of edits before the flush
        IndicatorValue.objects.update(commentary="edited")
    board = signed_in(Client(), make_person("board_member"))
    assert "10.0%" in board.get(DASHBOARD).text  # cached at generation N
    old = shared_cache.generation("figures")

    call_command("flush", interactive=False, verbosity=0)
    _figures("37.0")
    value = IndicatorValue.objects.get()
    while shared_cache.generation("figures") < old:
        IndicatorValue.objects.filter(pk=value.pk).update(commentary="x")
    assert shared_cache.generation("figures") == old

    board = signed_in(Client(), make_person("board_member"))
    page = board.get(DASHBOARD).text
    assert "37.0%" in page
    assert "10.0%" not in page


@pytest.mark.parametrize(
    "module",
    [
        "performance/models.py",  # status and area labels, Period labels, get_absolute_url
        "performance/reference/dfe_publications.py",  # the DfE publication titles and links (dfe_source)
        "performance/dfe.py",  # MEASURES: which file a figure came from
        "cpboard/core/disclosure.py",  # "fewer than 5", "not shown: fewer than 5 children"
        "performance/urls.py",  # every link on the page is a reverse()
    ],
)
def test_the_code_stamp_covers_every_module_whose_code_draws_the_cached_html(module, settings):
    """A deployment that changes any of these changes the cached HTML, so must retire the entries cached by
    the version before (else the old wording and links are served for up to six hours)."""
    stamped = {p.relative_to(settings.BASE_DIR).as_posix() for p in dashboard_views._stamped_files()}
    assert module in stamped


def test_the_councils_wording_from_settings_retires_the_cached_html(settings):
    """The children term and the council's names are drawn into the cached pages: changing one (a new
    environment file, no code change) must not leave the old wording served from the cache."""
    dashboard_views._code_stamp.cache_clear()
    before = dashboard_views._code_stamp()
    settings.CHILDREN_TERM = "children looked after"
    dashboard_views._code_stamp.cache_clear()
    try:
        assert dashboard_views._code_stamp() != before
    finally:
        dashboard_views._code_stamp.cache_clear()
