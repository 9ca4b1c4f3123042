"""The header navigation: each entry shows only to people whose permissions allow the page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None  # None: any signed-in person


NAVIGATION = [
    NavItem("Home", "core:home", None),
    NavItem("Performance", "performance:dashboard", "performance.view_dashboard"),
    NavItem("Enter figures", "performance:quarter-list", "performance.view_quarterreturn"),
    NavItem("Indicators", "performance:indicator-list", "performance.change_indicator"),
    NavItem("People", "accounts:person-list", "accounts.view_user"),
    NavItem("Security log", "accounts:security-log", "core.view_securityevent"),
]


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
