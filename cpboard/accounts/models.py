from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from cpboard.core.models import VersionedModel


class User(VersionedModel, AbstractUser):
    """A person who signs in. Roles are groups (cpboard.core.roles); a person may hold several."""

    organisation = models.CharField(
        max_length=120, blank=True, help_text="For example, Thistledon Council or the NHS trust."
    )
    job_title = models.CharField("job title or position", max_length=120, blank=True)
    deactivated_at = models.DateTimeField(null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    # The History page: anyone with accounts.view_user, which only administrators have (cpboard.core.roles).
    history_visible_to_all = True

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # django-stubs does not declare AbstractUser.Meta
        swappable = "AUTH_USER_MODEL"
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name", "username"]
        permissions = [("reset_mfa", "Can reset a person's authenticator device")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:person-detail", args=[self.pk])


def leaves_no_administrator(person: User, *, active: bool, administrator: bool) -> bool:
    """Whether saving `person` as `active` and holding the Administrator role or not (`administrator`)
    would leave nobody active with that role. Call it inside the transaction that saves the change: it
    locks the Administrator group's row first, so two such changes at once (two administrators taking the
    role from each other) are decided one after the other and the second sees the first."""
    if active and administrator:
        return False
    from django.contrib.auth.models import Group

    from cpboard.core.roles import ADMINISTRATOR, ROLES

    name = ROLES[ADMINISTRATOR].name
    list(Group.objects.select_for_update().filter(name=name))
    administrators = User.objects.filter(is_active=True, groups__name=name)
    return administrators.filter(pk=person.pk).exists() and not administrators.exclude(pk=person.pk).exists()
