"""The header navigation: each entry shows only to people whose permissions allow the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: any signed-in person


@dataclass(frozen=True)
class Section:
    """One entry of the header's menu: a part of the service and its pages. The entry leads to the first page
    the person may open; on every page of the section the others are offered in a sub-navigation below the
    header. The menu stays on one line at desktop widths however many pages a role can open."""

    label: str
    items: tuple[NavItem, ...]
    namespaces: tuple[str, ...] = ()  # every page of these apps belongs to the section
    prefixes: tuple[str, ...] = ()  # and pages whose URL names start with one of these


# Each item's label is the heading (h1) and title of the page it leads to (tests/core/test_navigation.py), so
# people know they arrived where they meant to go; breadcrumbs use the same labels.
SECTIONS = [
    Section("Home", (NavItem("Home", "core:home", None),)),
    Section(
        "Performance",
        (
            NavItem("Performance dashboard", "performance:dashboard", "performance.view_dashboard"),
            NavItem("Quarterly figures", "performance:quarter-list", "performance.view_quarterreturn"),
            NavItem("Indicator catalogue", "performance:indicator-list", "performance.change_indicator"),
        ),
        namespaces=("performance",),
    ),
    Section(
        "Action plan",
        (
            NavItem("Action plan", "actions:plan", "actions.view_action"),
            NavItem("My actions", "actions:my-actions", "actions.view_action"),
            NavItem("Recommendation tracker", "actions:tracker", "actions.view_recommendation"),
        ),
        namespaces=("actions",),
    ),
    Section(
        "Visits",
        (
            NavItem("Visit compliance", "visits:compliance", "visits.view_compliance"),
            NavItem("Visits rota", "visits:rota", "visits.add_visit"),
            NavItem("Children's homes", "visits:home-list", "visits.view_home"),
            NavItem("My visits", "visits:my-visits", "visits.write_report"),
        ),
        namespaces=("visits",),
    ),
    Section(
        "Training",
        (
            NavItem("Training compliance", "training:compliance", "training.view_compliance"),
            NavItem("My training", "training:my-training", None),
        ),
        namespaces=("training",),
    ),
    Section(
        "Board meetings",
        (NavItem("Board meetings", "board:meeting-list", "board.view_meeting"),),
        namespaces=("board",),
    ),
    Section(
        "Pledge",
        (
            NavItem("The pledge", "pledge:pledge", "pledge.view_pledgeversion"),
            NavItem("You said, we did", "pledge:finding-list", "pledge.view_finding"),
            NavItem("Pledge surveys", "pledge:survey-list", "pledge.change_survey"),
            NavItem("Pledge survey results", "pledge:results-list", "pledge.view_results"),
            NavItem("Children's messages", "pledge:message-list", "pledge.moderate_message"),
        ),
        namespaces=("pledge",),
    ),
    Section(
        "People",
        (
            NavItem("People directory", "accounts:directory", "accounts.view_person"),
            NavItem("People and roles", "accounts:person-list", "accounts.view_user"),
            NavItem("Security log", "accounts:security-log", "core.view_securityevent"),
        ),
        prefixes=("accounts:person", "accounts:directory", "accounts:appointment", "accounts:security"),
    ),
]
NAVIGATION = [item for section in SECTIONS for item in section.items]

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


def _belongs(section: Section, view_name: str) -> bool:
    if any(item.url_name == view_name for item in section.items):
        return True
    namespace = view_name.partition(":")[0] if ":" in view_name else ""
    return namespace in section.namespaces or view_name.startswith(section.prefixes or ("\0",))


def navigation_for(request) -> list[dict]:
    """The header's menu for this person: one entry per section with a page they may open, leading to the
    first such page; the current section's entry is marked, and carries the section's pages (its
    sub-navigation, shown when there are two or more)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    from django.conf import settings

    from cpboard.core.roles import needs_mfa

    if settings.MFA_REQUIRED and needs_mfa(user) and not user.is_verified():
        return []  # nothing to offer until the second factor is given
    current = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    sections = []
    for section in SECTIONS:
        pages = []
        for item in section.items:
            if item.permission and not user.has_perm(item.permission):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            pages.append({"label": item.label, "url": url, "current": current == item.url_name})
        if not pages:
            continue
        sections.append(
            {
                "label": section.label,
                "url": pages[0]["url"],
                "active": _belongs(section, current),
                "current": pages[0]["current"],  # this very page, not only its section
                "pages": pages,
            }
        )
    return sections


def sub_navigation(navigation: list[dict]) -> dict | None:
    """The current section, when it has more than one page for this person."""
    for section in navigation:
        if section["active"] and len(section["pages"]) > 1:
            return section
    return None
