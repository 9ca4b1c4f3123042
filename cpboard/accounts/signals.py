"""Security-log entries for events Django and django-axes announce. (Logging is a side effect, not the main flow.)"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cpboard.accounts.lockout import note_failure
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
    note_failure(request)


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


ADMIN_ACTIONS = {ADDITION: "Added", CHANGE: "Changed", DELETION: "Deleted"}


@receiver(post_save, sender=LogEntry, dispatch_uid="cpboard.admin_change")
def on_admin_change(sender, instance, created, **kwargs):
    """Every add, change or delete on the administration site, with a fixed description (the model and the
    record's number, never the record's text). The site writes one LogEntry per record: its bulk delete
    action is switched off (cpboard.accounts.admin)."""
    if not created:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    what = model._meta.verbose_name if model is not None else "record"
    action = ADMIN_ACTIONS.get(instance.action_flag, "Changed")
    subject = None
    if model is User and instance.action_flag != DELETION:
        subject = User.objects.filter(pk=instance.object_id).first()
    record_event(
        getattr(HistoricalRecords.context, "request", None),
        SecurityEvent.Kind.ADMIN_CHANGE,
        user=instance.user,
        subject=subject,
        detail=f"{action} {what} #{instance.object_id} in the administration site",
    )


@receiver(pre_save, sender=User, dispatch_uid="cpboard.superuser_made")
def on_superuser_made(sender, instance, raw=False, **kwargs):
    """A superuser bypasses every role. No form offers it: the only way is the break-glass
    `manage.py createsuperuser` (or the shell), and each is logged."""
    if raw or not instance.is_superuser:
        return
    if instance._state.adding or not User.objects.filter(pk=instance.pk, is_superuser=True).exists():
        instance._cpboard_new_superuser = True


@receiver(post_save, sender=User, dispatch_uid="cpboard.superuser_logged")
def on_superuser_saved(sender, instance, created, raw=False, **kwargs):
    if raw or not getattr(instance, "_cpboard_new_superuser", False):
        return
    instance._cpboard_new_superuser = False
    record_event(
        getattr(HistoricalRecords.context, "request", None),
        SecurityEvent.Kind.SUPERUSER_CREATED,
        user=None,
        subject=instance,
        detail="New superuser account" if created else "Existing account made superuser",
    )
