"""The council's pledge to children in care, its annual surveys, and what the board did about the answers.

Three parts, each with its own pages:

- **The pledge**: a `PledgeVersion` holds ordered `Promise`s ("We promise you will have a named social worker"),
  each with `Commitment`s ("This means ..."). A version is drafted, published (becoming the current pledge)
  and later superseded by the next; earlier versions stay readable.
- **Surveys**: a `Survey` (one a year, built from the current pledge) has a `SurveyVersion` per age band, sharing
  core `Question`s so bands compare. Children answer with a single-use `AccessCode` (printed in a `CodeBatch`)
  or, for Children in Care Council members, with their account. A `SurveyResponse` holds one child's
  `Answer`s and never their name: the account, if any, is kept only as a keyed digest (`account_key`).
- **Results and "you said, we did"**: free-text answers become `Message`s that board members see only once an
  officer has approved them; a `Finding` is something the children said, with the board's response and an
  optional link to an action (a generic link, so the action plan needs no change here).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cpboard.core.models import VersionedModel


class Principle(models.TextChoices):
    """The corporate parenting principles, Children and Social Work Act 2017 section 1(1), in short form."""

    BEST_INTERESTS = "best-interests", "Acting in their best interests, and for their health and well-being"
    VIEWS = "views", "Taking account of their views, wishes and feelings"
    SERVICES = "services", "Helping them use services and know what is available"
    ASPIRATIONS = "aspirations", "High aspirations and the best outcomes for them"
    SAFETY = "safety", "Safe at home, in education and at work, with stable relationships"
    ADULTHOOD = "adulthood", "Preparing them for adulthood and living independently"


class AgeBand(models.TextChoices):
    """Who a survey version is written for. The youngest answer with a trusted adult beside them."""

    YOUNGEST = "4-7", "Aged 4 to 7, with a trusted adult"
    YOUNGER = "8-11", "Aged 8 to 11"
    OLDER = "11-17", "Aged 11 to 17"
    CARE_LEAVERS = "16-25", "Care leavers aged 16 to 25"


class PledgeVersionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status__in=[PledgeVersion.Status.PUBLISHED, PledgeVersion.Status.SUPERSEDED])

    def current(self) -> PledgeVersion | None:
        return self.filter(status=PledgeVersion.Status.PUBLISHED).first()

    def visible_to(self, user):
        """Drafts are for the officers who write the pledge; everyone else reads published versions."""
        if user.has_perm("pledge.change_pledgeversion"):
            return self
        return self.published()


class PledgeVersion(VersionedModel):
    """One edition of the pledge. At most one is published (the current pledge) and at most one is a draft."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Current"
        SUPERSEDED = "superseded", "Replaced by a later version"

    number = models.PositiveSmallIntegerField(unique=True, help_text="1 for the first edition, then 2, 3 ...")
    title = models.CharField(max_length=150, default="Our promise to you")
    introduction = models.TextField(
        blank=True, help_text="A few short sentences to children about what the pledge is and who made it."
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    published_on = models.DateField(null=True, blank=True)
    review_by = models.DateField(null=True, blank=True, help_text="When the pledge should next be reviewed.")
    history = HistoricalRecords()

    objects = PledgeVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=Q(status="published"), name="pledge_one_current_version"
            ),
            models.UniqueConstraint(fields=["status"], condition=Q(status="draft"), name="pledge_one_draft"),
        ]
        permissions = [
            ("publish_pledgeversion", "Publish a version of the pledge"),
            ("view_child_pages", "See the pledge, surveys and 'you said, we did' as children see them"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class PromiseQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(pledge_version__in=PledgeVersion.objects.visible_to(user))


class Promise(VersionedModel):
    """A promise to children ("We promise ..."), under one of the council's outcome areas."""

    pledge_version = models.ForeignKey(PledgeVersion, on_delete=models.CASCADE, related_name="promises")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=60,
        help_text="Stays the same from one version of the pledge to the next, so survey results compare.",
    )
    outcome_area = models.ForeignKey(
        "performance.OutcomeArea", on_delete=models.PROTECT, related_name="promises"
    )
    child_text = models.CharField(max_length=300, help_text="The promise in words a child of eight can read.")
    plain_text = models.TextField(blank=True, help_text="The same promise for adults, in plain English.")
    principles = ArrayField(
        models.CharField(max_length=20, choices=Principle.choices), default=list, blank=True
    )
    history = HistoricalRecords()

    objects = PromiseQuerySet.as_manager()

    class Meta:
        ordering = ["pledge_version", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pledge_version", "key"], name="pledge_promise_key_unique"),
        ]

    def __str__(self) -> str:
        return self.child_text


class CommitmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(promise__pledge_version__in=PledgeVersion.objects.visible_to(user))


class Commitment(VersionedModel):
    """What a promise means in practice ("This means ..."): a statutory entitlement or a local promise."""

    class Kind(models.TextChoices):
        STATUTORY = "statutory", "Entitlement in law"
        LOCAL = "local", "Local promise"

    promise = models.ForeignKey(Promise, on_delete=models.CASCADE, related_name="commitments")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=400)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LOCAL)
    measure = models.CharField(
        max_length=200,
        blank=True,
        help_text='Something that can be checked, if it has one: "we will call you back within 24 hours".',
    )
    history = HistoricalRecords()

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["promise", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Survey(VersionedModel):
    """A year's pledge survey, built from the pledge that was current when it was made."""

    title = models.CharField(max_length=150)
    year = models.PositiveSmallIntegerField(help_text="The year the survey runs, e.g. 2026.")
    pledge_version = models.ForeignKey(PledgeVersion, on_delete=models.PROTECT, related_name="surveys")
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Last year's survey, to compare results with.",
    )
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True, help_text="The last day answers are accepted.")
    is_ready = models.BooleanField(
        default=False, help_text="Checked and ready: children can answer between the open and close dates."
    )
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-year", "-pk"]
        permissions = [
            ("view_results", "See pledge survey results"),
            ("answer_survey", "Answer a pledge survey with a sign-in account"),
        ]

    def __str__(self) -> str:
        return self.title


class SurveyVersion(VersionedModel):
    """The survey for one age band: its own welcome text; its questions are the survey's that list the band."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    age_band = models.CharField(max_length=5, choices=AgeBand.choices)
    welcome = models.TextField(blank=True, help_text="Shown on the first page, before the questions.")
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["survey", "age_band"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "age_band"], name="pledge_one_version_per_band"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} ({self.get_age_band_display()})"


class Question(VersionedModel):
    """One question (a page of the child's survey). Questions with answers are retired, never deleted; a change
    of wording after answers arrived raises `wording_version`, and each answer records the wording it answered."""

    class Kind(models.TextChoices):
        SCALE = "scale", "Five-point scale"
        YES_NO = "yes-no", "Yes, no or not sure"
        CHOOSE_ONE = "choose-one", "Choose one"
        FREE_TEXT = "free-text", "Free text"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    key = models.SlugField(
        max_length=60, help_text="The same key in next year's survey means the results are compared."
    )
    promise = models.ForeignKey(
        Promise, null=True, blank=True, on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    choices = ArrayField(models.CharField(max_length=120), default=list, blank=True)  # choose-one only
    show_faces = models.BooleanField(default=False, help_text="Faces beside the scale's words (scale only).")
    age_bands = ArrayField(models.CharField(max_length=5, choices=AgeBand.choices), default=list)
    is_core = models.BooleanField(
        default=False, help_text="Asked in every age band, so bands can be compared."
    )
    is_closing = models.BooleanField(
        default=False, help_text='The optional "anything else?" question at the end.'
    )
    retired = models.BooleanField(default=False)
    wording_version = models.PositiveSmallIntegerField(default=1)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["survey", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="pledge_question_key_unique"),
        ]

    def __str__(self) -> str:
        return self.text


class Translation(VersionedModel):
    """A survey's own words in another language: a question's text, hint and choices, or an age band's welcome.
    The interface's words (buttons, progress, errors) are Django translations in locale/."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    survey_version = models.ForeignKey(
        SurveyVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(max_length=10)
    text = models.TextField()
    hint = models.CharField(max_length=300, blank=True)
    choices = ArrayField(models.CharField(max_length=120), default=list, blank=True)
    wording_version = models.PositiveSmallIntegerField(default=1, help_text="The English wording translated.")
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="pledge_question_translation_unique"
            ),
            models.UniqueConstraint(
                fields=["survey_version", "language"], name="pledge_welcome_translation_unique"
            ),
            models.CheckConstraint(
                condition=Q(question__isnull=False, survey_version__isnull=True)
                | Q(question__isnull=True, survey_version__isnull=False),
                name="pledge_translation_of_one_thing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text[:60]}"


class CodeBatch(VersionedModel):
    """Codes printed together, e.g. for one children's home or one participation session."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="code_batches")
    label = models.CharField(
        max_length=100, help_text="Who the codes are for, e.g. 'Oak House' or 'CiCC July'."
    )
    age_band = models.CharField(
        max_length=5, choices=AgeBand.choices, blank=True, help_text="Leave empty to let the child choose."
    )
    created_on = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["-created_on"]

    def __str__(self) -> str:
        return self.label


class AccessCode(VersionedModel):
    """A single-use code a child types to answer anonymously. Unguessable (see pledge.services.codes)."""

    class Status(models.TextChoices):
        UNUSED = "unused", "Not used yet"
        STARTED = "started", "Started"
        SUBMITTED = "submitted", "Answers sent"
        VOIDED = "voided", "Cancelled"

    batch = models.ForeignKey(CodeBatch, on_delete=models.PROTECT, related_name="codes")
    code = models.CharField(max_length=20, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNUSED)
    void_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["batch", "pk"]
        permissions = [("void_accesscode", "Cancel a survey access code")]

    def __str__(self) -> str:
        return self.code


class SurveyResponse(models.Model):
    """One child's answers to one survey. No name, no account: a code, or a keyed digest of the account
    (so a Children in Care Council member can resume and cannot answer twice, yet nothing here names them).
    Written with no history user (`by=None`), so the history does not name the child either."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    survey_version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    access_code = models.OneToOneField(
        AccessCode, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    account_key = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=10, default="en")
    started_on = models.DateField(auto_now_add=True)
    submitted_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "account_key"],
                condition=~Q(account_key=""),
                name="pledge_one_response_each",
            ),
            models.CheckConstraint(
                condition=Q(access_code__isnull=False) | ~Q(account_key=""), name="pledge_response_has_a_key"
            ),
        ]

    def __str__(self) -> str:
        return f"Answers {self.pk} to {self.survey}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_on is not None


class Answer(models.Model):
    """One answer. `value` is the choice's stored value (scale "1"-"5", "yes"/"no"/"not-sure", a choice's
    index); `text` is a free-text answer, shown only as text, everywhere."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    wording_version = models.PositiveSmallIntegerField(default=1)
    value = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True, max_length=1000)
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="pledge_one_answer_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer to {self.question}"


class MessageQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Message.Status.APPROVED)

    def visible_to(self, user):
        """Officers who moderate see every message; everyone else only approved ones."""
        if user.has_perm("pledge.moderate_message"):
            return self
        return self.approved()


class Message(VersionedModel):
    """A child's free-text answer on its way to the board: unseen by board members until approved. An edit keeps
    the child's words in the `Answer` (officers only); board members read `shown_text`."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to be checked"
        APPROVED = "approved", "Approved"
        WITHHELD = "withheld", "Withheld"

    answer = models.OneToOneField(Answer, on_delete=models.CASCADE, related_name="message")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    shown_text = models.TextField(
        blank=True, help_text="The words the board sees (names and details removed)."
    )
    withheld_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MessageQuerySet.as_manager()

    class Meta:
        permissions = [("moderate_message", "Check children's messages before the board sees them")]


class Finding(VersionedModel):
    """Something children said in a survey ("you said") and the board's response ("we did"), with its status
    and an optional link to an action in the action plan (any model: a generic link)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in-progress", "Being done"
        DONE = "done", "Done"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="findings")
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    promise = models.ForeignKey(Promise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    you_said = models.CharField(max_length=400, help_text="What children told us, in their kind of words.")
    we_did = models.TextField(blank=True, help_text="What the board has done or will do about it.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    action_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action_id = models.PositiveBigIntegerField(null=True, blank=True)
    action = GenericForeignKey("action_type", "action_id")
    history = HistoricalRecords()
    history_visible_to_all = True

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self) -> str:
        return self.you_said
