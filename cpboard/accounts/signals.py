"""Security-log entries for events Django and django-axes announce. (Logging is a side effect, not the main flow.)"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.accounts.middleware import SIGNED_IN_AT
from cpboard.accounts.models import User
from cpboard.core.models import SecurityEvent
from cpboard.core.security_log import record_event


@receiver(user_logged_in, dispatch_uid="cpboard.login")
def on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()
    record_event(request, SecurityEvent.Kind.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="cpboard.logout")
def on_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(request, SecurityEvent.Kind.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="cpboard.login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs):
    record_event(
        request, SecurityEvent.Kind.LOGIN_FAILED, username=str(credentials.get("username", ""))[:150]
    )


@receiver(user_locked_out, dispatch_uid="cpboard.locked_out")
def on_locked_out(sender, request, username, ip_address, **kwargs):
    record_event(request, SecurityEvent.Kind.LOCKED_OUT, username=str(username or "")[:150])


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="cpboard.role_change")
def on_role_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove"} or reverse or not pk_set:
        return
    from django.contrib.auth.models import Group

    request = getattr(HistoricalRecords.context, "request", None)
    kind = SecurityEvent.Kind.ROLE_ADDED if action == "post_add" else SecurityEvent.Kind.ROLE_REMOVED
    for group in Group.objects.filter(pk__in=pk_set):
        record_event(request, kind, subject=instance, detail=group.name)
