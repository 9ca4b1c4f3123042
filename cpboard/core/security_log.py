"""The security log: one function writes every event, so nothing sensitive slips in by accident."""

from __future__ import annotations

import ipaddress

from cpboard.core.models import SecurityEvent


def _ip_or_none(text: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: CPBOARD_PROXY_COUNT hops from the right of X-Forwarded-For (the hop our own
    proxy added, which the client cannot forge), else the connection's. Used for the security log, the
    per-address sign-in limit and django-axes' username-and-address lockout (AXES_CLIENT_IP_CALLABLE), so
    all three agree. A forwarded value that is not an IP address is ignored, never stored."""
    if request is None:
        return None
    from django.conf import settings

    if settings.AXES_IPWARE_PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= settings.AXES_IPWARE_PROXY_COUNT:
            hop = _ip_or_none(hops[-settings.AXES_IPWARE_PROXY_COUNT])
            if hop is not None:
                return hop
    return _ip_or_none(request.META.get("REMOTE_ADDR"))


def record_event(
    request, kind: str, *, user=None, username: str = "", subject=None, detail: str = ""
) -> SecurityEvent:
    """`detail` is a short, fixed description (a path, a file name, a role): never free text a person wrote."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        subject=subject,
        ip_address=client_ip(request),
        detail=detail[:255],
    )
