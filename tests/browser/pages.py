"""The pages the browser checks visit (axe-core in test_accessibility.py, 320 px reflow in test_reflow.py): each
as the role that uses it, with the data that makes it show what it can show. Most pages are an address; the
rest (a page after a form, an error page) are reached the way a person reaches them, in `Visits.open`.

Error pages drawn by middleware or handler500 are reached for real: the 413 page by sending more than the
limit, the 410 page by a file record whose file is gone, the 429 pages by an address that has tried too often,
and the 503 and 500 pages through tests/browser/error_urls.py, a test-only URLconf whose two extra views raise
what a lost database and a bug raise."""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from cpboard.accounts.models import User
from cpboard.core import roles
from performance.models import Comparator, PublishedDifference
from tests.browser.conftest import sign_in
from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.performance import (
    ComparatorFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    QuarterReturnFactory,
    TargetFactory,
    financial_year,
    quarter,
    released,
)

ERROR_URLCONF = "tests.browser.error_urls"
SIGNED_OUT = "signed-out"

# (role, pages) — each page a URL name, or a name in URLS or Visits.ACTIONS below.
PAGES: list[tuple[str, list[str]]] = [
    (
        SIGNED_OUT,
        [
            "accounts:login",
            "password-set",
            "password-set-errors",
            "password-set-done",
            "password-set-bad-link",
            "too-large-form",
            "server-error",
            "database-unavailable",
            "rate-limited",
            "sign-in-paused",
            "core:privacy",  # read before signing in, too
            "core:accessibility",
        ],
    ),
    (
        roles.BOARD_MEMBER,
        [
            "core:home",
            "performance:dashboard",
            "indicator",
            "value",
            "core:glossary",
            "core:accessibility",
            "core:privacy",
            "core:help",
            "training:compliance",
            "training:my-training",
        ],
    ),
    (
        roles.OFFICER,
        [
            "accounts:directory",
            "accounts:directory-create",
            "directory-person",
            "appointment-create",
            "training:course-list",
            "training:course-create",
            "course-edit",
            "course-delete",
            "training:session-list",
            "training:session-create",
            "session",
            "session-edit",
            "training:record-create",
            "record-edit",
            "training:import",
            "person-training",
            "training-history",
            "performance:quarter-list",
            "quarter",
            "quarter-signed-off",
            "quarter-import",
            "too-large-upload",
            "performance:indicator-list",
            "performance:dfe-load",
            "dfe-load-summary",
            "performance:published-differences",
            "targets",
            "file-gone-missing",
            "file-gone-purged",
        ],
    ),
    (
        roles.ADMINISTRATOR,
        [
            "accounts:person-list",
            "accounts:person-create",
            "person",
            "password-link",
            "accounts:security-log",
            "history",
            "directory-account",
        ],
    ),
    (roles.SENIOR_OFFICER, ["quarter-check"]),
    (
        roles.OFFICER,
        [
            "action-plan",
            "action-plan-overdue",
            "action",
            "action-update-errors",
            "action-edit",
            "objective-edit",
            "actions:action-create",
            "actions:objective-create",
            "actions:theme-create",
            "actions:import",
            "action-import-problems",
            "my-actions",
        ],
    ),
    (
        roles.SCRUTINY_OFFICER,
        [
            "action-tracker",
            "review",
            "recommendation",
            "recommendation-edit",
            "actions:review-create",
            "actions:review-list",
            "action-revisits",
        ],
    ),
    (roles.CICC_MEMBER, ["core:home"]),
]

STATUS = {
    "too-large-form": 413,
    "too-large-upload": 413,
    "server-error": 500,
    "database-unavailable": 503,
    "rate-limited": 429,
    "sign-in-paused": 429,
    "file-gone-missing": 410,
    "file-gone-purged": 410,
    "action-update-errors": 400,
}


def make_figures():
    indicator = IndicatorFactory(
        code="PS-A11Y", title="Three or more placements", dfe_measure="placement_3plus_in_year"
    )
    for q in (1, 2, 3, 4):
        IndicatorValueFactory(
            indicator=indicator,
            period=quarter(2024, q),
            numerator=10 + q,
            denominator=120,
            value=Decimal(10 + q) * 100 / 120,
        )
    value = IndicatorValueFactory(indicator=indicator, period=quarter(2025, 1))
    TargetFactory(indicator=indicator, period=financial_year(2025))
    ComparatorFactory(indicator=indicator, period=financial_year(2024), area=Comparator.Area.ENGLAND)
    # submitted, so board members read it (a draft quarter is for officers); the year before signed off
    QuarterReturnFactory(period=quarter(2025, 1), status="submitted", commentary="Steady quarter.")
    released(*(quarter(2024, q) for q in (1, 2, 3, 4)))
    # Officers' comparators with a different published DfE figure: one waiting for a choice, one kept.
    waiting = ComparatorFactory(
        indicator=indicator, period=financial_year(2023), area=Comparator.Area.REGION, source="entered"
    )
    PublishedDifference.objects.create(
        comparator=waiting, value=Decimal("11"), la_code="813", source_name="la_cla_placement_stability.csv"
    )
    kept = ComparatorFactory(
        indicator=indicator, period=financial_year(2022), area=Comparator.Area.REGION, source="entered"
    )
    PublishedDifference.objects.create(
        comparator=kept, value=Decimal("9"), la_code="813", status=PublishedDifference.Status.KEPT
    )
    return indicator, value


def make_training(user) -> dict:
    """A course, a session with attendees and a person linked to `user`, for the training pages."""
    import datetime as dt

    from tests.factories.training import (
        AppointmentFactory,
        PersonFactory,
        SessionFactory,
        TrainingRecordFactory,
        induction_and_refresher,
    )

    induction, refresher = induction_and_refresher()
    me = PersonFactory(display_name="Browser Person", user=user)
    AppointmentFactory(person=me)
    session = SessionFactory(course=refresher, held_on=dt.date(2025, 3, 11))
    for person in (me, PersonFactory(display_name="Aled Ashworth")):
        TrainingRecordFactory(person=person, course=refresher, completed_on=session.held_on, session=session)
    PersonFactory(display_name="Bethan Bevan", started_on=dt.date(2026, 10, 22))
    record = TrainingRecordFactory(
        person=me, course=induction, completed_on=dt.date(2020, 6, 9), evidence="Online"
    )
    return {"course": induction, "session": session, "person": me, "record": record}


def set_password_link(person) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("accounts:password-set", args=[uidb64, default_token_generator.make_token(person)])


class Visits:
    """Opens each page of PAGES in `page` (a Playwright page) as `role`; `open(name)` returns the response."""

    def __init__(self, page, live_server, figures, role: str, settings):
        self.page, self.live_server, self.role = page, live_server, role
        self.indicator, self.value = figures
        settings.ROOT_URLCONF = ERROR_URLCONF
        self.person = cast(
            User, UserFactory(username=f"browser-{role}", roles=[] if role == SIGNED_OUT else [role])
        )
        self.urls = {
            "indicator": reverse("performance:indicator-detail", args=[self.indicator.code]),
            "value": reverse("performance:value-detail", args=[self.value.pk]),
            "quarter": reverse("performance:quarter-edit", args=[2025, 1]),
            "quarter-signed-off": reverse("performance:quarter-edit", args=[2024, 4]),
            "quarter-import": reverse("performance:quarter-import", args=[2025, 1]),
            "quarter-check": reverse("performance:quarter-check", args=[2025, 1]),
            "targets": reverse("performance:target-edit", args=[2025]),
            "history": reverse("core:record-history", args=["accounts", "user", self.person.pk]),
            "person": reverse("accounts:person-detail", args=[self.person.pk]),
            "server-error": reverse("test-broken"),
            **self._training_urls(),
            "database-unavailable": reverse("test-database-unavailable"),
        }
        if role != SIGNED_OUT:
            sign_in(page, live_server, self.person.username, PASSWORD)

    def _training_urls(self) -> dict:
        made = make_training(self.person if self.role != SIGNED_OUT else None)
        person, session, course = made["person"], made["session"], made["course"]
        return {
            "directory-person": reverse("accounts:directory-detail", args=[person.pk]),
            "directory-account": reverse("accounts:directory-account", args=[person.pk]),
            "appointment-create": reverse("accounts:appointment-create", args=[person.pk]),
            "course-edit": reverse("training:course-edit", args=[course.code]),
            "course-delete": reverse("training:course-delete", args=[course.code]),
            "session": reverse("training:session-detail", args=[session.pk]),
            "session-edit": reverse("training:session-edit", args=[session.pk]),
            "person-training": reverse("training:person", args=[person.pk]),
            "record-edit": reverse("training:record-edit", args=[made["record"].pk]),
            "training-history": reverse("core:record-history", args=["accounts", "person", person.pk]),
        }

    def goto(self, path: str):
        return self.page.goto(self.live_server.url + path)

    def open(self, name: str):
        action = getattr(self, "open_" + name.replace("-", "_"), None)
        if action is not None:
            return action()
        return self.goto(self.urls.get(name) or reverse(name))

    def _submit(self, button: str):
        with self.page.expect_navigation() as navigation:
            self.page.get_by_role("button", name=button).click()
        return navigation.value

    # --- signed out: setting a password with a one-time link, and refusals
    def _new_starter(self, username: str):
        person = cast(User, UserFactory(username=username, roles=[roles.OFFICER]))
        person.set_unusable_password()
        person.save()
        return person

    def open_password_set(self):
        return self.goto(set_password_link(self._new_starter("browser-new-password")))

    def _fill_passwords(self, first: str, second: str):
        self.page.get_by_label("New password", exact=True).fill(first)
        self.page.get_by_label("Type the new password again").fill(second)
        return self._submit("Set password")

    def open_password_set_errors(self):
        self.goto(set_password_link(self._new_starter("browser-mistyped-password")))
        response = self._fill_passwords("violet-harbour-lantern-42", "something-else-entirely")
        assert self.page.locator(".govuk-error-summary").is_visible()
        return response

    def open_password_set_done(self):
        self.goto(set_password_link(self._new_starter("browser-sets-password")))
        response = self._fill_passwords("violet-harbour-lantern-42", "violet-harbour-lantern-42")
        assert self.page.get_by_role("heading", name="Your password has been set").is_visible()
        return response

    def open_password_set_bad_link(self):
        person = self._new_starter("browser-old-link")
        return self.goto(
            reverse("accounts:password-set", args=[urlsafe_base64_encode(force_bytes(person.pk)), "x"])
        )

    def open_too_large_form(self):
        """The sign-in form with 1.1 MB more in it than any form sends: RequestSizeLimitMiddleware's 413."""
        self.goto(reverse("accounts:login"))
        self.page.evaluate(
            "const extra = document.createElement('input'); extra.type = 'hidden'; extra.name = 'extra';"
            "extra.value = 'x'.repeat(1100 * 1024); document.querySelector('main form').append(extra)"
        )
        self.page.get_by_label("Username").fill("someone")
        self.page.get_by_label("Password").fill("anything")
        return self._submit("Sign in")

    def open_rate_limited(self):
        """A set-password link opened from an address that has opened links 20 times in 10 minutes."""
        from cpboard.core.ratelimit import hit, reset

        link = set_password_link(self._new_starter("browser-rate-limited"))
        for _ in range(20):
            hit("set-password:127.0.0.1", limit=20, window_seconds=600)
        try:
            return self.goto(link)
        finally:
            reset("set-password:127.0.0.1")

    def open_sign_in_paused(self):
        """Signing in from an address paused after failed sign-ins for many usernames (password spraying)."""
        from cpboard.core.models import SecurityEvent

        event = SecurityEvent.objects.create(
            kind=SecurityEvent.Kind.ADDRESS_LOCKED_OUT, ip_address="127.0.0.1"
        )
        try:
            self.goto(reverse("accounts:login"))
            self.page.get_by_label("Username").fill(self.person.username)
            self.page.get_by_label("Password").fill(PASSWORD)
            return self._submit("Sign in")
        finally:
            event.delete()

    # --- officers
    def open_too_large_upload(self):
        """A file over the upload limit: the 413 page for uploads."""
        self.goto(self.urls["quarter-import"])
        self.page.get_by_label("Upload a file").set_input_files(
            {"name": "figures.csv", "mimeType": "text/csv", "buffer": b"x" * (7 * 1024 * 1024)}
        )
        return self._submit("Check and import figures")

    def open_dfe_load_summary(self):
        self.goto(reverse("performance:dfe-load"))
        response = self._submit("Load DfE figures for North Lincolnshire")
        assert self.page.get_by_text("DfE figures loaded for North Lincolnshire").is_visible()
        return response

    def _stored_file(self, name: str, file: str):
        from cpboard.core.models import StoredFile

        return StoredFile.objects.create(
            purpose="performance-import",
            kind="csv",
            original_name=name,
            size=120,
            sha256="0" * 64,
            file=file,
            uploaded_by=self.person,
        )

    def open_file_gone_missing(self):
        stored = self._stored_file("Q1 2025-26 figures.csv", "performance-import/lost-in-a-restore.csv")
        return self.goto(reverse("core:file-download", args=[stored.uuid]))

    def open_file_gone_purged(self):
        stored = self._stored_file("Q1 2019-20 figures.csv", "")
        return self.goto(reverse("core:file-download", args=[stored.uuid]))

    # --- administrators
    def open_password_link(self):
        someone = UserFactory(username="browser-forgot-password", roles=[roles.BOARD_MEMBER])
        self.goto(reverse("accounts:person-detail", args=[someone.pk]))
        response = self._submit("Reset their password")
        assert self.page.locator("code.cp-secret").is_visible()
        return response

    # --- the action plan (officers) and the recommendation tracker (scrutiny officers)
    def _plan(self):
        if not hasattr(self, "_plan_records"):
            self._plan_records = make_plan(self.person)
        return self._plan_records

    def open_action_plan(self):
        self._plan()
        return self.goto(reverse("actions:plan"))

    def open_action_plan_overdue(self):
        self._plan()
        return self.goto(reverse("actions:plan") + "?overdue=on&rag=red")

    def open_action(self):
        return self.goto(self._plan()["action"].get_absolute_url())

    def open_action_update_errors(self):
        self.goto(self._plan()["action"].get_absolute_url())
        self.page.get_by_label("Status after this update").select_option("complete")
        response = self._submit("Post update")
        assert self.page.locator(".govuk-error-summary").is_visible()
        return response

    def open_action_edit(self):
        return self.goto(reverse("actions:action-edit", args=[self._plan()["action"].pk]))

    def open_objective_edit(self):
        return self.goto(reverse("actions:objective-edit", args=[self._plan()["action"].objective_id]))

    def open_action_import_problems(self):
        self.goto(reverse("actions:import"))
        self.page.get_by_label("Action plan spreadsheet").set_input_files(
            {
                "name": "plan.csv",
                "mimeType": "text/csv",
                "buffer": b"theme,objective,action,responsibility,timescale\nBeing healthy,Health checks,Audit,,Soonish\n",
            }
        )
        response = self._submit("Check and import")
        assert self.page.locator("#import-problems").is_visible()
        return response

    def open_my_actions(self):
        from cpboard.accounts.models import Person
        from tests.factories.actions import ActionFactory

        records = self._plan()
        person = Person.objects.filter(user=self.person).first() or Person.objects.create(
            display_name="Browser Officer",
            kind=Person.Kind.OFFICER,
            started_on=records["action"].added_on,
            user=self.person,
        )
        ActionFactory(
            objective=records["action"].objective,
            owner=person,
            text="Write the care leavers' entitlements guide",
        )
        return self.goto(reverse("actions:my-actions"))

    def open_action_tracker(self):
        self._plan()
        return self.goto(reverse("actions:tracker"))

    def open_review(self):
        return self.goto(self._plan()["recommendation"].review.get_absolute_url())

    def open_recommendation(self):
        return self.goto(self._plan()["recommendation"].get_absolute_url())

    def open_recommendation_edit(self):
        return self.goto(reverse("actions:recommendation-edit", args=[self._plan()["recommendation"].pk]))

    def open_action_revisits(self):
        self._plan()
        return self.goto(reverse("actions:revisits"))


def make_plan(author) -> dict:
    """A small plan with every kind of row the plan pages show: an overdue action with long owners, a
    complete one, progress updates, a review with recommendations linked to the plan and one due for revisit."""
    import datetime as dt

    from django.utils import timezone

    from cpboard.actions.models import Objective, ObjectiveRecommendation, Recommendation
    from tests.factories.actions import (
        ActionFactory,
        ObjectiveFactory,
        ProgressUpdateFactory,
        RecommendationFactory,
        RecommendationProgressFactory,
        ReviewFactory,
        ThemeFactory,
    )

    today = timezone.localdate()
    theme = ThemeFactory(name="Listen to children and young people and show we have acted")
    objective = ObjectiveFactory(
        theme=theme,
        reference="A1",
        text="Put the wishes and feelings of children in care at the heart of decisions",
    )
    late = ActionFactory(
        objective=objective,
        reference="A1.1",
        text="Relaunch the children in care website and add a text feedback service",
        owner="Senior Manager, Children in Care and Virtual Head Teacher",
        due_on=today - dt.timedelta(days=90),
        status="off_track",
    )
    ProgressUpdateFactory(
        action=late,
        author=author,
        written_on=today - dt.timedelta(days=10),
        text="Supplier missed a deadline.",
    )
    done = ActionFactory(
        objective=objective, reference="A1.2", status="complete", due_on=today - dt.timedelta(days=30)
    )
    ProgressUpdateFactory(
        action=done, author=author, written_on=today - dt.timedelta(days=31), text="Done.", status="complete"
    )
    ActionFactory(
        objective=ObjectiveFactory(theme=ThemeFactory(name="Being healthy"), reference="D1"),
        reference="D1.1",
        timescale="recurring",
        every=12,
        due_on=today.replace(day=1),
    )
    review = ReviewFactory(title="Outcomes for children in care", reported_on=today - dt.timedelta(days=400))
    recommendation = RecommendationFactory(
        review=review,
        number="6",
        revisit_on=today - dt.timedelta(days=5),
        also_numbered="4 in the conclusions",
    )
    RecommendationFactory(review=review, number="7", response="rejected", response_on=review.reported_on)
    RecommendationProgressFactory(
        recommendation=recommendation, author=author, written_on=today - dt.timedelta(days=60)
    )
    ObjectiveRecommendation.objects.create(
        objective=cast(Objective, objective), recommendation=cast(Recommendation, recommendation)
    )
    return {"action": late, "recommendation": recommendation}


def all_page_names() -> list[str]:
    return [name for _, names in PAGES for name in names]
