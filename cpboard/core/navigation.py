"""The header navigation: each entry shows only to people whose permissions allow the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: any signed-in person


# Each label is the heading (h1) and title of the page it leads to (tests/core/test_navigation.py), so
# people know they arrived where they meant to go; breadcrumbs use the same labels.
NAVIGATION = [
    NavItem("Home", "core:home", None),
    NavItem("Performance dashboard", "performance:dashboard", "performance.view_dashboard"),
    NavItem("Quarterly figures", "performance:quarter-list", "performance.view_quarterreturn"),
    NavItem("Indicator catalogue", "performance:indicator-list", "performance.change_indicator"),
    NavItem("Action plan", "actions:plan", "actions.view_action"),
    NavItem("My actions", "actions:my-actions", "actions.view_action"),
    NavItem("Recommendation tracker", "actions:tracker", "actions.view_recommendation"),
    NavItem("Training compliance", "training:compliance", "training.view_compliance"),
    NavItem("My training", "training:my-training", None),
    NavItem("Visit compliance", "visits:compliance", "visits.view_compliance"),
    NavItem("Visits rota", "visits:rota", "visits.add_visit"),
    NavItem("Children's homes", "visits:home-list", "visits.view_home"),
    NavItem("My visits", "visits:my-visits", "visits.write_report"),
    NavItem("Board meetings", "board:meeting-list", "board.view_meeting"),
    NavItem("People directory", "accounts:directory", "accounts.view_person"),
    NavItem("The pledge", "pledge:pledge", "pledge.view_pledgeversion"),
    NavItem("You said, we did", "pledge:finding-list", "pledge.view_finding"),
    NavItem("Pledge surveys", "pledge:survey-list", "pledge.change_survey"),
    NavItem("Pledge survey results", "pledge:results-list", "pledge.view_results"),
    NavItem("Children's messages", "pledge:message-list", "pledge.moderate_message"),
    NavItem("People and roles", "accounts:person-list", "accounts.view_user"),
    NavItem("Security log", "accounts:security-log", "core.view_securityevent"),
]

# Pages that are not in the menu but are steps in breadcrumbs, with their headings.
OTHER_PAGES = {
    "core:glossary": "Glossary",
    "core:help": "Help and contact",
    "accounts:login": "Sign in",
    "performance:published-differences": "Published DfE figures that differ from officers' figures",
    "performance:dfe-load": "Load DfE published figures",
    "performance:ssda903-upload": "Compute figures from the SSDA903 return",
    "training:course-list": "Training courses",
    "training:session-list": "Training sessions",
    "pledge:version-list": "Every version of the pledge",
    "pledge:draft": "The next version of the pledge",
    "visits:summary": "Visits: six-monthly summary",
    "visits:declaration-list": "Independence declarations",
    "actions:review-list": "Scrutiny reviews",
    "actions:revisits": "Recommendations due for revisit",
    "board:terms": "Terms of reference",
    "board:members": "Board members",
    "board:work-programme": "Work programme",
    "board:questions": "Questions and challenge log",
    "board:evaluation": "Annual board evaluation",
}


def label_for(url_name: str) -> str:
    """What a page is called in the menu and in breadcrumbs (its heading)."""
    for item in NAVIGATION:
        if item.url_name == url_name:
            return item.label
    try:
        return OTHER_PAGES[url_name]
    except KeyError:
        raise KeyError(
            f"No label for {url_name}: add it to OTHER_PAGES in cpboard/core/navigation.py"
        ) from None


def navigation_for(request) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from django.conf import settings

    from cpboard.core.roles import needs_mfa

    if settings.MFA_REQUIRED and needs_mfa(user) and not user.is_verified():
        return []  # nothing to offer until the second factor is given
    current = getattr(getattr(request, "resolver_match", None), "view_name", "")
    items = []
    for item in NAVIGATION:
        if item.permission and not user.has_perm(item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "active": current == item.url_name})
    return items
