"""Ways around: every menu label is the heading of the page it leads to, and every page has breadcrumbs (or is a
step of signing in, or an error page, which say where to go instead)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from cpboard.core import roles
from cpboard.core.navigation import NAVIGATION, OTHER_PAGES, SECTIONS
from tests.conftest import make_person, signed_in
from tests.url_table import URLS

pytestmark = pytest.mark.django_db

# Pages without breadcrumbs, and why.
NO_BREADCRUMBS = {
    "core:home": "the top of the trail: every breadcrumb starts here",
    "accounts:login": "signing in: nothing to go back to yet",
    "accounts:mfa-verify": "a step of signing in",
    "accounts:mfa-setup": "a step of signing in",
    "accounts:password-set": "a one-time link: it says where to go next (sign in)",
    "pledge:young-home": "a Children in Care Council member's home: the top of their trail",
    # The children's survey (GOV.UK Forms patterns): each step has a back link to the step before instead.
    "pledge:survey-code": "the first page of the children's survey: nothing to go back to",
    "pledge:survey-start-account": "the first page of the children's survey, from an account",
    "pledge:survey-about": "a step of the children's survey (back link)",
    "pledge:survey-start": "a step of the children's survey (back link)",
    "pledge:survey-question": "a step of the children's survey (back link)",
    "pledge:survey-check": "a step of the children's survey (back link)",
    "pledge:survey-done": "the end of the children's survey",
    "visits:report-print": "a print view of a report, opened from the report's page",
}
# Addresses that answer with a file or plain text, not a page a person reads.
NOT_PAGES = {
    "core:file-download": "a downloaded file",
    "healthz": "plain text for load balancers",
    "readyz": "plain text for load balancers",
    "performance:benchmark-template": "a downloaded spreadsheet",
    "performance:import-template": "a downloaded spreadsheet",
    "performance:dashboard-export": "a downloaded spreadsheet",
    "performance:dashboard-pdf": "a downloaded PDF",
    "training:compliance-export": "a downloaded spreadsheet",
    "training:compliance-pdf": "a downloaded PDF",
    "training:import-template": "a downloaded spreadsheet",
    "pledge:children-pledge-pdf": "a PDF to print",
    "pledge:reading-age": "JSON for the reading-age script",
    "board:build-status": "JSON for the pack-build progress script",
    "pledge:you-said-we-did-pdf": "a PDF to print",
    "pledge:batch-pdf": "a downloaded PDF",
    "pledge:results-export": "a downloaded spreadsheet",
    "pledge:results-pdf": "a downloaded PDF",
    "visits:compliance-export": "a downloaded spreadsheet",
    "visits:report-pdf": "a downloaded PDF",
    "visits:summary-pdf": "a downloaded PDF",
    "actions:plan-export": "a downloaded spreadsheet",
    "actions:plan-pdf": "a downloaded PDF",
    "board:pack-download": "a downloaded PDF (the accessible board pack)",
    "board:pack-download-print": "a downloaded PDF (the print board pack)",
    "board:pack-publish": "a form that redirects (publishing a pack)",
    "actions:import-template": "a downloaded spreadsheet",
    "board:evaluation-pdf": "a downloaded PDF",
}


def _h1(html: str) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, "no h1"
    return unescape(re.sub(r"<[^>]+>", "", match[1])).strip()


def _title(html: str) -> str:
    match = re.search(r"<title>(.*?)</title>", html, re.S)
    assert match, "no title"
    return unescape(match[1]).split(" – ")[0].strip()


def test_every_menu_label_is_the_title_and_heading_of_its_page(client):
    everyone = make_person(None, username="sees-everything", is_superuser=True)
    signed_in(client, everyone)
    for item in NAVIGATION:
        html = client.get(reverse(item.url_name)).content.decode()
        assert _title(html) == item.label, item.url_name
        if item.url_name != "core:home":  # home greets the person by name
            assert _h1(html) == item.label, item.url_name


def test_every_page_named_in_breadcrumbs_has_that_heading(client):
    signed_in(client, make_person(roles.OFFICER))
    for url_name, label in OTHER_PAGES.items():
        if url_name == "accounts:login":
            continue  # signed in, the sign-in page sends you home
        assert _h1(client.get(reverse(url_name)).content.decode()) == label, url_name


def _pages():
    for name, case in sorted(URLS.items()):
        if case.method == "get" and name not in NO_BREADCRUMBS and name not in NOT_PAGES:
            yield name


@pytest.mark.parametrize("name", list(_pages()))
def test_every_page_has_breadcrumbs(client, name):
    case = URLS[name]
    role = sorted(case.allowed)[0]
    signed_in(client, make_person(role))
    kwargs = case.kwargs() if case.kwargs else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    assert response["Content-Type"].startswith("text/html"), f"{name} is not a page: add it to NOT_PAGES"
    html = response.content.decode()
    assert 'class="govuk-breadcrumbs' in html, f"{name} has no breadcrumbs"
    trail = re.search(r'<nav class="govuk-breadcrumbs.*?</nav>', html, re.S)[0]
    assert f'href="{reverse("core:home")}"' in trail
    assert f'href="{reverse(name, kwargs=kwargs)}"' not in trail  # the current page is not a crumb


def test_the_history_page_leads_back_to_the_record_and_its_indicator(client_as, officer):
    from tests.factories.performance import TargetFactory

    target = TargetFactory()
    html = (
        client_as(officer)
        .get(reverse("core:record-history", args=["performance", "target", target.pk]))
        .content
    )
    trail = re.search(r'<nav class="govuk-breadcrumbs.*?</nav>', html.decode(), re.S)[0]
    assert target.indicator.get_absolute_url() in trail


def test_the_footer_links_to_help_glossary_accessibility_and_privacy_on_every_page(client):
    html = client.get(reverse("accounts:login")).content.decode()
    footer = html[html.index('<footer class="govuk-footer">') :]
    for name in ("core:help", "core:glossary", "core:accessibility", "core:privacy"):
        assert f'href="{reverse(name)}"' in footer, name


def _menu(html: str) -> list[str]:
    found = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)
    assert found is not None
    menu = found[0]
    return [
        unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", menu, re.S)
    ]


def _sub_navigation(html: str) -> str | None:
    found = re.search(r'<nav class="cp-sub-navigation".*?</nav>', html, re.S)
    return found[0] if found else None


def test_the_menu_has_one_entry_per_part_of_the_service_however_many_pages_a_role_opens(client):
    """Every page a superuser may open used to be its own menu entry: twenty-two, wrapping onto five lines."""
    signed_in(client, make_person(None, username="sees-everything", is_superuser=True))
    html = client.get(reverse("core:home")).content.decode()
    assert _menu(html) == [section.label for section in SECTIONS]
    assert len(SECTIONS) <= 8
    every_page = {item.url_name for item in NAVIGATION}
    assert len(every_page) == len(NAVIGATION)  # each page in one section only


def test_a_sections_pages_are_offered_on_each_of_its_pages_with_the_current_one_marked(client):
    signed_in(client, make_person(roles.SCRUTINY_OFFICER))
    html = client.get(reverse("actions:tracker")).content.decode()
    sub = _sub_navigation(html)
    assert sub is not None and 'aria-label="Action plan"' in sub
    links = re.findall(r'<a [^>]*href="([^"]+)"([^>]*)>(.*?)</a>', sub)
    assert [(href, text) for href, _, text in links] == [
        (reverse("actions:plan"), "Action plan"),
        (reverse("actions:my-actions"), "My actions"),
        (reverse("actions:tracker"), "Recommendation tracker"),
    ]
    assert [text for _, attrs, text in links if 'aria-current="page"' in attrs] == ["Recommendation tracker"]
    # in the menu, the section is marked as the one you are in, not as this very page
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)[0]
    assert re.search(r'aria-current="true"><strong[^>]*>Action plan</strong>', menu)
    assert 'aria-current="page"' not in menu


def test_a_page_deep_in_an_app_marks_its_section(client):
    from tests.factories.board import MeetingFactory

    signed_in(client, make_person(roles.SCRUTINY_OFFICER))
    html = client.get(MeetingFactory().get_absolute_url()).content.decode()
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)[0]
    active = re.findall(r'govuk-service-navigation__item--active">\s*<a [^>]*>(.*?)</a>', menu, re.S)
    assert [re.sub(r"<[^>]+>", "", a) for a in active] == ["Board meetings"]
    assert _sub_navigation(html) is None  # the board's section has one page in the menu


def test_a_section_leads_to_the_first_of_its_pages_the_person_may_open(client):
    """A children's home manager may not see visit compliance: Visits leads to the homes' pages instead, and
    with one page in the section there is no sub-navigation."""
    signed_in(client, make_person(roles.HOME_MANAGER))
    html = client.get(reverse("core:home")).content.decode()
    assert _menu(html) == ["Home", "Visits", "Training"]
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.S)[0]
    assert f'href="{reverse("visits:home-list")}"' in menu
    assert f'href="{reverse("visits:compliance")}"' not in menu
    assert _sub_navigation(client.get(reverse("visits:home-list")).content.decode()) is None


def test_a_visitor_is_offered_the_homes_and_their_own_visits(client):
    signed_in(client, make_person(roles.VISITOR))
    sub = _sub_navigation(client.get(reverse("visits:my-visits")).content.decode())
    assert sub is not None
    assert [unescape(t) for t in re.findall(r">([^<>]+)</a>", sub)] == ["Children's homes", "My visits"]
    assert f'href="{reverse("visits:rota")}"' not in sub  # not the rota, which is for officers
