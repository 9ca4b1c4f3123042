"""Password spraying: many usernames tried from one address.

django-axes pauses one username from one address after CPBOARD_LOCKOUT_FAILURES failures. Someone trying a
few passwords on each of many accounts never reaches that, so this counts failed sign-ins per address
whatever the username: CPBOARD_LOCKOUT_FAILURES_PER_ADDRESS of them within the cool-off period
(CPBOARD_LOCKOUT_COOLOFF_HOURS) pause the address for the cool-off period, even for a right password.

The count is the security log's own failed sign-ins (one row per failure, in the database, so every server
sees the same count); the pause is the `address_locked_out` event, written once when it starts. The address
is the client's as the log records it (`client_ip`, which honours CPBOARD_PROXY_COUNT).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from cpboard.core.models import SecurityEvent
from cpboard.core.security_log import client_ip, record_event


def _since() -> datetime:
    return timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)


def _paused(ip: str) -> bool:
    return SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.ADDRESS_LOCKED_OUT, ip_address=ip, at__gte=_since()
    ).exists()


def address_is_paused(request) -> bool:
    """True while the request's address is paused after too many failed sign-ins across usernames."""
    ip = client_ip(request)
    return ip is not None and settings.LOCKOUT_FAILURES_PER_ADDRESS > 0 and _paused(ip)


def note_failure(request) -> None:
    """After a failed sign-in has been logged: start the address's pause if it has now failed too often."""
    ip = client_ip(request)
    limit = settings.LOCKOUT_FAILURES_PER_ADDRESS
    if ip is None or limit < 1:
        return
    failures = SecurityEvent.objects.filter(
        kind=SecurityEvent.Kind.LOGIN_FAILED, ip_address=ip, at__gte=_since()
    ).count()
    if failures >= limit and not _paused(ip):
        record_event(
            request,
            SecurityEvent.Kind.ADDRESS_LOCKED_OUT,
            detail=f"{failures} failed sign-ins from this address, for any usernames",
        )
