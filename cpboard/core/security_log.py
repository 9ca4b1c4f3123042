"""The security log: one function writes every event, so nothing sensitive slips in by accident."""

from __future__ import annotations

from cpboard.core.models import SecurityEvent


def client_ip(request) -> str | None:
    if request is None:
        return None
    from django.conf import settings

    if settings.AXES_IPWARE_PROXY_COUNT:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= settings.AXES_IPWARE_PROXY_COUNT:
            return hops[-settings.AXES_IPWARE_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR") or None


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
