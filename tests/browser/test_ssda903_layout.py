"""The SSDA903 pages at 320 px: a stacked table's caption spans the screen like the rows under it (it was
squeezed into a column a third as wide, one or two words a line)."""

from __future__ import annotations

import pytest

from cpboard.core import roles
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import quarter, return_import

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_stacked_table_captions_span_a_phone_screen(browser_page, live_server, settings):
    settings.MFA_REQUIRED = False
    UserFactory(username="olive-officer", roles=[roles.OFFICER])
    record = return_import(period=quarter(2024, 3))
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, live_server, "olive-officer", PASSWORD)
    page.goto(live_server.url + record.get_absolute_url())
    for table in ("#quality-counts", "#computed-figures"):
        caption = page.locator(f"{table} caption").bounding_box()
        row = page.locator(f"{table} tbody tr").first.bounding_box()
        assert caption is not None and row is not None
        assert caption["width"] >= row["width"] - 1, table
