"""The glossary and the footer's pages: public, in the council's own wording, and configured by it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

REQUIRED_TERMS = {
    "rag",
    "statistical-neighbours",
    "sdq",
    "provisional",
    "signed-off",
    "small-numbers",
    "children-in-care",
    "care-leaver",
    "financial-year",
    "academic-year",
    "england",
    "region",
}


def test_the_glossary_has_an_anchor_for_each_term_and_is_public(client):
    html = client.get(reverse("core:glossary")).content.decode()
    anchors = set(re.findall(r'<dt [^>]*id="([a-z0-9-]+)"', html))
    assert anchors >= REQUIRED_TERMS
    assert "Strengths and Difficulties Questionnaire (SDQ)" in html  # written out, not <abbr>
    assert "RAG (red, amber, green)" in html
    assert "LAC" not in html


def test_the_glossary_uses_the_councils_wording(client, settings):
    settings.CHILDREN_TERM = "our looked-after young people"
    settings.CICC_NAME = "Voice of Thistledon"
    settings.COUNCIL_NAME = "Upper Wold Council"
    settings.SMALL_NUMBER_THRESHOLD = 10
    html = client.get(reverse("core:glossary")).content.decode()
    assert "Upper Wold Council says “our looked-after young people”" in html
    assert 'id="cicc">Voice of Thistledon<' in html
    assert "from 1 to 9" in html and "fewer than 10" in html


def test_every_glossary_link_on_the_board_pages_points_at_a_term(client_as, board_member):
    from tests.performance.views.test_dashboard import _placement_stability

    indicator = _placement_stability()
    glossary = client_as(board_member).get(reverse("core:glossary")).content.decode()
    anchors = set(re.findall(r'id="([a-z0-9-]+)"', glossary))
    value = indicator.values.order_by("-period__end_date").first()
    comparator = indicator.comparators.first()
    pages = {
        "dashboard": reverse("performance:dashboard"),
        "indicator": reverse("performance:indicator-detail", args=[indicator.code]),
        "explain this number": reverse("performance:value-detail", args=[value.pk]),
        "explain this comparator": reverse("performance:comparator-detail", args=[comparator.pk]),
    }
    for name, url in pages.items():
        html = client_as(board_member).get(url).content.decode()
        linked = set(re.findall(re.escape(reverse("core:glossary")) + r"#([a-z0-9-]+)", html))
        assert linked, f"{name} links to no glossary term"
        assert linked <= anchors, name
    dashboard = client_as(board_member).get(pages["dashboard"]).content.decode()
    for term in ("rag", "direction-of-travel", "statistical-neighbours", "england", "small-numbers"):
        assert f"{reverse('core:glossary')}#{term}" in dashboard, term


def test_an_unknown_glossary_term_is_an_error_not_a_dead_link():
    from django.template import Context, Template, TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template('{% load cpboard %}{% glossary_url "no-such-term" %}').render(Context())


def test_the_help_page_gives_the_councils_contact(client, settings):
    settings.HELP_EMAIL = "board-support@upperwold.example"
    settings.HELP_PHONE = "01234 567890"
    settings.HELP_CONTACT = "the Corporate Parenting team"
    html = client.get(reverse("core:help")).content.decode()
    assert 'href="mailto:board-support@upperwold.example"' in html
    assert "01234 567890" in html and "Contact the Corporate Parenting team" in html


def test_the_privacy_notice_says_what_is_held_for_how_long_and_who_to_ask(client, settings):
    settings.DPO_CONTACT = "Jo Bloggs, Data Protection Officer, dpo@upperwold.example"
    settings.LAWFUL_BASIS = "Public task: our duties as corporate parent."
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "security_events": 365 * 3, "axes_attempts": 30}
    html = client.get(reverse("core:privacy")).content.decode()
    assert "Jo Bloggs, Data Protection Officer" in html
    assert "Lawful basis: Public task: our duties as corporate parent." in html
    assert "Security log entries: 3 years" in html
    assert "Sign-in attempt records: 30 days" in html
    assert "does not hold records about individual children" in html
    assert "Information Commissioner" in html


def test_the_accessibility_statement_says_what_was_tested_and_how_to_report(client, settings):
    settings.ACCESSIBILITY_CONTACT = "access@upperwold.example"
    settings.ACCESSIBILITY_TESTED_ON = "01/09/2026"
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "axe-core" in html and "WCAG 2.2 A and AA" in html
    assert "320 pixels" in html and "keyboard" in html
    assert 'href="mailto:access@upperwold.example"' in html
    assert "Enforcement procedure" in html and "Equality Advisory and Support Service" in html
    assert "last checked the service itself on 01/09/2026" in html


def test_the_footer_pages_can_be_read_before_the_second_factor(client, officer, settings):
    settings.MFA_REQUIRED = True
    client.force_login(officer)  # signed in, no authenticator code yet
    for name in ("core:privacy", "core:help", "core:glossary", "core:accessibility"):
        assert client.get(reverse(name)).status_code == 200, name
