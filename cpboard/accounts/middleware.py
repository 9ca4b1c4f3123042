from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from cpboard.core.roles import needs_mfa

SIGNED_IN_AT = "cpboard_signed_in_at"
SEEN_AT = "cpboard_seen_at"


class SessionLifetimeMiddleware:
    """Ends a session that has lasted longer than SESSION_ABSOLUTE_HOURS, however active, and keeps an active
    one alive: the idle timeout is the session's own expiry (SESSION_COOKIE_AGE from its last save), and a
    signed-in request saves it again when it was last refreshed SESSION_REFRESH_SECONDS ago or more. Sessions
    are not saved on every request (SESSION_SAVE_EVERY_REQUEST is off): a page costs no session write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            started = request.session.setdefault(SIGNED_IN_AT, now)
            limit = timedelta(hours=settings.SESSION_ABSOLUTE_HOURS).total_seconds()
            if now - started > limit:
                from cpboard.core.security_log import record_event

                record_event(request, "session_expired", user=user, detail="absolute lifetime")
                logout(request)
                messages.info(
                    request,
                    "You have been signed out because your session reached its time limit. Please sign in again.",
                )
                return redirect(settings.LOGIN_URL)
            seen = request.session.get(SEEN_AT)
            if seen is None or now - seen >= settings.SESSION_REFRESH_SECONDS:
                request.session[SEEN_AT] = now  # modified: saved with a fresh expiry (and cookie)
        return self.get_response(request)


MFA_EXEMPT_URL_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:mfa-setup",
    "accounts:mfa-verify",
    # The footer's public pages hold no data: readable before the second factor too.
    "core:glossary",
    "core:accessibility",
    "core:privacy",
    "core:help",
}


class MFARequiredMiddleware:
    """Staff and councillors must prove a second factor before any page with data.
    Children in Care Council members are exempt (they reach only the pledge and surveys)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MFA_REQUIRED:
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not needs_mfa(user):
            return None
        if user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in MFA_EXEMPT_URL_NAMES:
            return None
        from django_otp import user_has_device

        target = "accounts:mfa-verify" if user_has_device(user) else "accounts:mfa-setup"
        return redirect(f"{reverse(target)}")
