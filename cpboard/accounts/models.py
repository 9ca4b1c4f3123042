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


class PersonQuerySet(models.QuerySet):
    def current(self, on=None):
        """People who had started and not left on `on` (today if not given)."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(started_on__lte=on).filter(
            models.Q(left_on__isnull=True) | models.Q(left_on__gt=on)
        )

    def search(self, text: str):
        """People whose name, ward, party or job title contains `text` (any case)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(display_name__icontains=text)
            | models.Q(sort_name__icontains=text)
            | models.Q(ward__icontains=text)
            | models.Q(party__icontains=text)
            | models.Q(job_title__icontains=text)
        )

    def matching_name(self, name: str):
        """People whose name is `name`, ignoring case, spacing and a leading "Cllr"/"Councillor"."""
        return self.filter(display_name__iexact=normalised_name(name))


def normalised_name(name: str) -> str:
    words = name.replace(".", " ").split()
    if words and words[0].lower() in {"cllr", "councillor", "cllr."}:
        words = words[1:]
    return " ".join(words)


class Person(VersionedModel):
    """Someone the board deals with: every councillor, officers, partners, independent visitors and young
    people on the board. Most never sign in; a person linked to an account (`user`) can. Leaving sets
    `left_on` and keeps every record about them; retention anonymises people without accounts later."""

    class Kind(models.TextChoices):
        COUNCILLOR = "councillor", "Councillor"
        OFFICER = "officer", "Officer"
        PARTNER = "partner", "Partner"
        INDEPENDENT_VISITOR = "independent_visitor", "Independent visitor"
        YOUNG_PERSON = "young_person", "Young person on the board"

    display_name = models.CharField(
        "name", max_length=120, help_text="As it should appear in lists, for example Alys Hughes."
    )
    sort_name = models.CharField(
        "family name",
        max_length=80,
        blank=True,
        help_text="Used to sort the directory. Leave blank to use the last word of the name.",
    )
    kind = models.CharField("kind of person", max_length=30, choices=Kind.choices)
    is_senior_officer = models.BooleanField(
        "senior officer",
        default=False,
        help_text="Senior officers must do corporate parenting training as part of their induction.",
    )
    job_title = models.CharField("job title or position", max_length=120, blank=True)
    organisation = models.CharField(max_length=120, blank=True)
    ward = models.CharField(max_length=80, blank=True, help_text="Councillors only.")
    party = models.CharField(max_length=80, blank=True, help_text="Councillors only.")
    started_on = models.DateField(
        "start date",
        help_text="For a councillor, the day they signed the declaration of office; for others, the day "
        "they joined. Induction deadlines count from it.",
    )
    term_ends_on = models.DateField(
        "term of office ends",
        null=True,
        blank=True,
        help_text="Councillors only: the end of their current term, usually in May.",
    )
    left_on = models.DateField(
        "left on",
        null=True,
        blank=True,
        help_text="The day they stopped being a councillor or left. Their records are kept.",
    )
    email = models.EmailField("contact email", blank=True, help_text="For training reminders. Optional.")
    user = models.OneToOneField(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        verbose_name="sign-in account",
        help_text="Only a person linked to an account can sign in. An account links to one person at most.",
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords()
    # The History page: anyone with accounts.view_person (officers and administrators) sees every person's.
    history_visible_to_all = True

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "person in the directory"
        verbose_name_plural = "people directory"
        ordering = ["sort_name", "display_name"]
        permissions = [("link_account", "Can link a sign-in account to a person in the directory")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("accounts:directory-detail", args=[self.pk])

    def save(self, *args, **kwargs):
        if not self.sort_name.strip() and self.display_name.strip():
            self.sort_name = self.display_name.split()[-1]  # derived field
        super().save(*args, **kwargs)

    @property
    def contact_email(self) -> str:
        return self.email or (self.user.email if self.user_id and self.user else "")

    def is_current(self, on) -> bool:
        return self.started_on <= on and (self.left_on is None or self.left_on > on)

    def description(self) -> str:
        """ "Councillor, Castle ward, Labour" or "Officer, Head of service"."""
        parts = [self.get_kind_display()]
        if self.kind == self.Kind.COUNCILLOR:
            parts += [f"{self.ward} ward" if self.ward else "", self.party]
        else:
            parts += [self.job_title, self.organisation]
        return ", ".join(p for p in parts if p)


def person_of(user) -> Person | None:
    """The signed-in person's entry in the directory, if their account is linked to one (cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_cpboard_person"):
        user._cpboard_person = Person.objects.filter(user=user).first()
    return user._cpboard_person


class AppointmentQuerySet(models.QuerySet):
    def on(self, day):
        """Appointments held on `day`."""
        return self.filter(started_on__lte=day).filter(
            models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day)
        )


class Appointment(VersionedModel):
    """A person's place on the board, or on the Regulation 33/44 visitors' list, from one date to another.
    Whether training is mandatory for someone on a date depends on the appointments they held that day."""

    class Kind(models.TextChoices):
        BOARD_MEMBER = "board_member", "Board member"
        VISITOR = "visitor", "Regulation 33/44 visitor"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="appointments")
    kind = models.CharField("appointment", max_length=20, choices=Kind.choices)
    started_on = models.DateField("from")
    ended_on = models.DateField("until", null=True, blank=True, help_text="Leave blank if it continues.")
    history = HistoricalRecords()
    history_visible_to_all = True  # the History page: anyone with accounts.view_appointment

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        until = f" until {self.ended_on:%d/%m/%Y}" if self.ended_on else ""
        return f"{self.get_kind_display()} from {self.started_on:%d/%m/%Y}{until}"

    @property
    def history_back_to(self) -> Person:
        """The History page's breadcrumb: an appointment is shown on its person's page."""
        return self.person

    def held_on(self, day) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)
