"""The pages the browser checks visit (axe-core in test_accessibility.py, 320 px reflow in test_reflow.py): each
as the role that uses it, with the data that makes it show what it can show. Most pages are an address; the
rest (a page after a form, an error page) are reached the way a person reaches them, in `Visits.open`.

Error pages drawn by middleware or handler500 are reached for real: the 413 page by sending more than the
limit, the 410 page by a file record whose file is gone, the 429 pages by an address that has tried too often,
and the 503 and 500 pages through tests/browser/error_urls.py, a test-only URLconf whose two extra views raise
what a lost database and a bug raise."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from cpboard.accounts.models import Person, User
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
CHILD = "child-with-a-code"  # signed out, answering the pledge survey with a code from a slip

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
            "value-computed",
            "pledge:pledge",
            "pledge:version-list",
            "pledge-earlier-version",
            "pledge:finding-list",
            "core:glossary",
            "core:accessibility",
            "core:privacy",
            "core:help",
            "training:compliance",
            "training:my-training",
            "pledge:results-list",
            "pledge-results",
            "visits:compliance",
            "visits:summary",
            "board-meetings",
            "board-meeting",
            "board-questions",
            "board-question",
            "board-terms",
            "board-members",
            "board-work-programme",
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
            "pledge-results",
            "pledge:message-list",
            "pledge-message",
            "pledge-message-errors",
            "visits:rota",
            "visits:rota-create",
            "visit-home",
            "visit-rota-refused",
            "performance:quarter-list",
            "quarter",
            "quarter-signed-off",
            "quarter-import",
            "too-large-upload",
            "performance:ssda903-upload",
            "ssda903-report",
            "ssda903-detail",
            "performance:indicator-list",
            "performance:dfe-load",
            "dfe-load-summary",
            "performance:published-differences",
            "targets",
            "file-gone-missing",
            "file-gone-purged",
            "pledge:draft",
            "pledge:promise-create",
            "promise-errors",
            "promise-edit",
            "commitment-create",
            "commitment-edit",
            "pledge:draft-publish",
            "finding-create",
            "finding-edit",
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
    # core:home takes a member to their own page (pledge:young-home)
    (
        roles.CICC_MEMBER,
        ["core:home", "pledge:children-pledge", "pledge:you-said-we-did", "pledge:survey-start-account"],
    ),
    (
        roles.OFFICER,
        [
            "pledge:survey-list",
            "pledge:survey-create",
            "survey",
            "survey-edit",
            "survey-question",
            "survey-band",
            "survey-translations",
            "survey-translation",
            "survey-batch-create",
            "survey-batch",
        ],
    ),
    # The children's survey, in the order a child meets it (each step follows from the one before).
    (
        CHILD,
        [
            "pledge:survey-code",
            "child-code-error",
            "child-closed",
            "child-about",
            "child-about-error",
            "child-start",
            "child-question",
            "child-question-error",
            "child-question-choose",
            "child-question-text",
            "child-check",
            "child-done",
            "child-code-used",
            "child-arabic-code",
            "child-arabic-start",
            "child-arabic-question",
            "child-arabic-question-text",
            "child-arabic-check",
            "child-arabic-done",
        ],
    ),
    (
        roles.VISITOR,
        [
            "visits:my-visits",
            "visits:home-list",
            "visits:declaration-list",
            "visits:declaration-create",
            "visit-report",
            "visit-report-form",
            "visit-report-flagged",
            "visit-action-form",
        ],
    ),
    (roles.HOME_MANAGER, ["visit-report", "visit-action", "visit-respond", "visit-review-form"]),
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
            "board-meeting",
            "board:meeting-create",
            "board-meeting-errors",
            "board-meeting-edit",
            "board-attendance",
            "board-item-create",
            "board-item-edit",
            "board-item-remove",
            "board-item-minutes",
            "board-decision-create",
            "board-decision-action",
            "board-question-create",
            "board-question-answer",
            "board:terms-edit",
            "board-members",
            "board:member-create",
            "board-member-end",
            "board-work-programme",
            "board:work-programme-create",
            "board-work-programme-edit",
            "board-work-programme-delete",
            "board-item-attachment",
            "board-item-attachment-errors",
        ],
    ),
    (roles.CICC_MEMBER, ["core:home"]),
    # A meeting's page while its pack is being generated (the progress region), and after a build failed.
    (roles.SCRUTINY_OFFICER, ["meeting-pack-building", "meeting-pack-failed"]),
    (roles.BOARD_MEMBER, ["board-evaluation"]),
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
    "visit-rota-refused": 400,
    "visit-action-form": 400,
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
    # the signed-in person's directory entry: other apps' pages may have made it already (one per account)
    me = Person.objects.filter(user=user).first() or PersonFactory(display_name="Browser Person", user=user)
    AppointmentFactory(person=me)
    session = SessionFactory(course=refresher, held_on=dt.date(2025, 3, 11))
    for person in (me, PersonFactory(display_name="Aled Ashworth")):
        TrainingRecordFactory(person=person, course=refresher, completed_on=session.held_on, session=session)
    PersonFactory(display_name="Bethan Bevan", started_on=dt.date(2026, 10, 22))
    record = TrainingRecordFactory(
        person=me, course=induction, completed_on=dt.date(2020, 6, 9), evidence="Online"
    )
    return {"course": induction, "session": session, "person": me, "record": record}


def make_pledge() -> dict[str, str]:
    """A current pledge, an earlier version and a draft of the next, and a survey's findings (one linked to an
    indicator): the pledge's pages with all they can show. Returns the addresses that need a record."""
    from django.contrib.contenttypes.models import ContentType

    from performance.models import Indicator
    from pledge.models import Commitment, Finding, PledgeVersion, Principle, Survey
    from tests.factories.performance import OutcomeAreaFactory
    from tests.factories.pledge import (
        CommitmentFactory,
        FindingFactory,
        PledgeVersionFactory,
        PromiseFactory,
        SurveyFactory,
    )

    safe, school = OutcomeAreaFactory(name="Staying safe"), OutcomeAreaFactory(name="Enjoying and achieving")
    earlier = cast(PledgeVersion, PledgeVersionFactory(number=1, status=PledgeVersion.Status.SUPERSEDED))
    current = cast(PledgeVersion, PledgeVersionFactory(number=2, status=PledgeVersion.Status.PUBLISHED))
    draft = cast(
        PledgeVersion, PledgeVersionFactory(number=3, status=PledgeVersion.Status.DRAFT, published_on=None)
    )
    for version in (earlier, current, draft):
        for order, (key, area, text, principles) in enumerate(
            [
                ("social-worker", safe, "We promise you will know your social worker.", [Principle.SERVICES]),
                ("school", school, "We promise to help you do your best at school.", [Principle.ASPIRATIONS]),
            ],
            start=1,
        ):
            promise = PromiseFactory(
                pledge_version=version,
                order=order,
                key=key,
                outcome_area=area,
                child_text=text,
                principles=[p.value for p in principles],
            )
            CommitmentFactory(promise=promise, kind=Commitment.Kind.STATUTORY, measure="")
            CommitmentFactory(promise=promise)
    first = draft.promises.get(key="social-worker")
    commitment = first.commitments.all()[0]
    survey = cast(Survey, SurveyFactory(title="Pledge survey 2025", year=2025, pledge_version=current))
    indicator = Indicator.objects.first()
    finding = cast(
        Finding,
        FindingFactory(
            survey=survey,
            action_type=ContentType.objects.get_for_model(Indicator) if indicator else None,
            action_id=indicator.pk if indicator else None,
        ),
    )
    FindingFactory(
        survey=survey, you_said="Some of you wanted more trips.", we_did="", status=Finding.Status.PLANNED
    )
    return {
        "pledge-earlier-version": reverse("pledge:version-detail", args=[earlier.number]),
        "promise-edit": reverse("pledge:promise-edit", args=[first.pk]),
        "commitment-create": reverse("pledge:commitment-create", args=[first.pk]),
        "commitment-edit": reverse("pledge:commitment-edit", args=[commitment.pk]),
        "finding-create": reverse("pledge:finding-create", args=[survey.pk]),
        "finding-edit": reverse("pledge:finding-edit", args=[finding.pk]),
    }


def set_password_link(person) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
    return reverse("accounts:password-set", args=[uidb64, default_token_generator.make_token(person)])


class Visits:
    """Opens each page of PAGES in `page` (a Playwright page) as `role`; `open(name)` returns the response."""

    def __init__(self, page, live_server, figures, role: str, settings):
        self.page, self.live_server, self.role = page, live_server, role
        self.indicator, self.value = figures
        settings.ROOT_URLCONF = ERROR_URLCONF
        signed_out = role in (SIGNED_OUT, CHILD)
        self.person = cast(User, UserFactory(username=f"browser-{role}", roles=[] if signed_out else [role]))
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
            **make_pledge(),
        }
        if role in (roles.OFFICER, roles.CICC_MEMBER, CHILD):
            self.urls.update(self._pledge_urls(role))
        if not signed_out:
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

    # --- Regulation 33/44 visits: a council home this person visits and manages, with a submitted report
    def _visit(self):
        if getattr(self, "_visit_record", None) is None:
            import datetime as dt

            from tests.factories.training import PersonFactory
            from tests.factories.visits import ActionFactory, HomeFactory, VisitFactory

            person = Person.objects.filter(user=self.person).first() or PersonFactory(
                user=self.person, display_name="Browser Visitor"
            )
            visit = VisitFactory(
                home=HomeFactory(name="Hollins Test Lodge", manager=person),
                period_start=dt.date(2026, 10, 1),
                visited_on=dt.date(2026, 10, 9),
                status="submitted",
                submitted_on=dt.date(2026, 10, 12),
                children_said="Two young people said the new cook is great.",
                safeguarded="yes",
                wellbeing="partly",
                concerns="Agency staff at night; the side gate does not lock.",
                themes=["staffing", "premises"],
            )
            visit.visitors.add(person)
            VisitFactory(home=visit.home, period_start=dt.date(2026, 11, 1)).visitors.add(person)
            self._visit_record = visit
            self._action = ActionFactory(visit=visit, due_on=dt.date(2026, 11, 1))
        return self._visit_record

    def open_visit_home(self):
        return self.goto(reverse("visits:home-detail", args=[self._visit().home_id]))

    def open_visit_report(self):
        return self.goto(reverse("visits:visit-detail", args=[self._visit().pk]))

    def open_visit_report_form(self):
        later = self._visit().home.visits.get(period_start__month=11)
        return self.goto(reverse("visits:report-edit", args=[later.pk]))

    def open_visit_report_flagged(self):
        later = self._visit().home.visits.get(period_start__month=11)
        later.children_said = "Mrs Patel said her son Tom is happy."
        later.save()
        return self.goto(reverse("visits:report-edit", args=[later.pk]) + "?check=1")

    def open_visit_action_form(self):
        later = self._visit().home.visits.get(period_start__month=11)
        self.goto(reverse("visits:action-create", args=[later.pk]))
        return self._submit("Save action")

    def open_visit_action(self):
        self._visit()
        return self.goto(reverse("visits:action-detail", args=[self._action.pk]))

    def open_visit_respond(self):
        self._visit()
        return self.goto(reverse("visits:action-respond", args=[self._action.pk]))

    def open_visit_review_form(self):
        return self.goto(reverse("visits:review-create", args=[self._visit().home_id]))

    def open_visit_rota_refused(self):
        from tests.factories.visits import HomeFactory, untrained_visitor, visitor_course

        visitor_course()
        HomeFactory(name="Refused Test Home")
        person = untrained_visitor(display_name="Untrained Person")
        self.goto(reverse("visits:rota-create"))
        self.page.get_by_label("Home").select_option(label="Refused Test Home")
        self.page.get_by_label("Due in (any day in the month or half term)").fill("01/12/2026")
        self.page.get_by_label(f"{person.display_name} ", exact=False).check()
        return self._submit("Save to the rota")

    # --- a meeting's pack being generated by the worker, and one that failed
    def _meeting_with_build(self, *, failed: bool):
        from cpboard.board.models import Meeting, PackBuild
        from cpboard.board.services import builds
        from cpboard.core.locking import save_audited
        from tests.factories.board import AgendaItemFactory, MeetingFactory

        meeting = cast(Meeting, MeetingFactory())
        AgendaItemFactory(meeting=meeting)
        build = builds.request_build(meeting, by=self.person)
        if failed:
            build.status, build.attempts = PackBuild.Status.FAILED, 2
            build.error = builds.stopped_message()
        else:
            build.status, build.attempts = PackBuild.Status.RUNNING, 1
            build.progress, build.stage = 45, "Rendering the performance scorecard"
            build.heartbeat_at = builds.database_now()
        save_audited(build, by=None, reason="Browser pages: a build in progress")
        return self.goto(meeting.get_absolute_url())

    def open_meeting_pack_building(self):
        return self._meeting_with_build(failed=False)

    def open_meeting_pack_failed(self):
        return self._meeting_with_build(failed=True)

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
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    def open_password_set_done(self):
        self.goto(set_password_link(self._new_starter("browser-sets-password")))
        response = self._fill_passwords("violet-harbour-lantern-42", "violet-harbour-lantern-42")
        expect(self.page.get_by_role("heading", name="Your password has been set")).to_be_visible()
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

    def open_value_computed(self):
        """Explain this number for a figure computed from an SSDA903 extract: it names the method."""
        from performance.models import IndicatorValue, Source
        from tests.factories.performance import return_import

        released(quarter(2023, 2))  # signed off, so a board member reads it
        record = return_import(period=quarter(2023, 2))
        value = IndicatorValueFactory(
            indicator=self.indicator,
            period=quarter(2023, 2),
            source=Source.SSDA903,
            computed_from=record,
            computed_key="placements_3_or_more",
            source_note=record.provenance,
        )
        assert isinstance(value, IndicatorValue)
        return self.goto(value.get_absolute_url())

    def open_ssda903_report(self):
        """The data-quality report of a return with blocking problems: error summary, inline error, report."""
        from tests.performance.ssda903.conftest import small_return

        self.goto(reverse("performance:ssda903-upload"))
        self.page.get_by_label("Date of the extract").fill("31/12/2017")
        header, episodes = small_return(header_rows=("A1,1,01/02/2010,WBRI,A1,,",))
        self.page.get_by_label("The return's files").set_input_files(
            [
                {"name": name, "mimeType": "text/csv", "buffer": data}
                for name, data in (header, episodes, ("budget.csv", b"Cost centre,Amount\nCC1,100\n"))
            ]
        )
        response = self._submit("Check the return and compute the figures")
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    def open_ssda903_detail(self):
        from tests.factories.performance import return_import

        return self.goto(return_import(period=quarter(2024, 3)).get_absolute_url())

    def open_dfe_load_summary(self):
        self.goto(reverse("performance:dfe-load"))
        response = self._submit("Load DfE figures for North Lincolnshire")
        expect(self.page.get_by_text("DfE figures loaded for North Lincolnshire")).to_be_visible()
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

    def open_promise_errors(self):
        """Adding a promise with nothing filled in: the error summary and the messages by the fields."""
        self.goto(reverse("pledge:promise-create"))
        response = self._submit("Save promise")
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    # --- pledge survey results and children's messages (issue 10, part C)
    def _pledge_surveys(self):
        """Two answered surveys, the 2026 one with a small age group and some of its messages approved."""
        if not hasattr(self, "pledge_surveys"):
            from pledge.models import Message
            from pledge.services import moderation
            from tests.pledge.results_data import realistic_surveys

            self.pledge_surveys = realistic_surveys()
            for message in Message.objects.filter(answer__response__survey=self.pledge_surveys[1])[:3]:
                moderation.approve(message, shown_text=message.answer.text, version=message.version, by=None)
        return self.pledge_surveys

    def open_pledge_results(self):
        return self.goto(reverse("pledge:results", args=[self._pledge_surveys()[1].pk]))

    def _waiting_message(self):
        from pledge.models import Message

        self._pledge_surveys()
        return Message.objects.filter(status=Message.Status.WAITING).order_by("pk").first()

    def open_pledge_message(self):
        return self.goto(reverse("pledge:message-detail", args=[self._waiting_message().pk]))

    def open_pledge_message_errors(self):
        """Approving a message that names someone, without saying the flags were read: errors shown."""
        self.goto(reverse("pledge:message-detail", args=[self._waiting_message().pk]))
        self.page.get_by_label("Approve it: the board will see the words below").check()
        self.page.get_by_label("If you approve it: the words the board will see").fill(
            "My worker Kerry rings me back on 07700 900123."
        )
        response = self._submit("Save decision")
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    # --- administrators
    def open_password_link(self):
        someone = UserFactory(username="browser-forgot-password", roles=[roles.BOARD_MEMBER])
        self.goto(reverse("accounts:person-detail", args=[someone.pk]))
        response = self._submit("Reset their password")
        expect(self.page.locator("code.cp-secret")).to_be_visible()
        return response

    # --- the pledge survey: officers build it; children answer it with a code
    def _pledge_urls(self, role: str) -> dict[str, str]:
        from pledge.models import AccessCode, Question
        from tests.factories.pledge import PromiseFactory
        from tests.pledge.helpers import code_for, open_survey, translate

        PromiseFactory()  # a published pledge to build surveys from
        survey = open_survey()
        translate(survey)
        code_for(survey, band="", code="KM7QPR3XTA")
        code_for(survey, band="8-11", code="KM7QPR3XTB")
        closed = open_survey(
            year=2020,
            title="Pledge survey 2020",
            opens_on=dt.date(2020, 11, 1),
            closes_on=dt.date(2020, 12, 31),
        )
        code_for(closed, code="KM7QPR3XTC")
        question = Question.objects.filter(survey=survey).order_by("order")[0]
        batch = AccessCode.objects.get(code="KM7QPR3XTA").batch
        return {
            "survey": reverse("pledge:survey-detail", args=[survey.pk]),
            "survey-edit": reverse("pledge:survey-edit", args=[survey.pk]),
            "survey-question": reverse("pledge:question-edit", args=[survey.pk, question.pk]),
            "survey-band": reverse("pledge:version-edit", args=[survey.pk, "8-11"]),
            "survey-translations": reverse("pledge:translation-list", args=[survey.pk, "ar"]),
            "survey-translation": reverse(
                "pledge:translation-edit", args=[survey.pk, "ar", "question", question.pk]
            ),
            "survey-batch-create": reverse("pledge:batch-create", args=[survey.pk]),
            "survey-batch": reverse("pledge:batch-detail", args=[batch.pk]),
        }

    def _press(self, selector: str = "main button[type=submit]"):
        with self.page.expect_navigation() as navigation:
            self.page.locator(selector).first.click()
        return navigation.value

    def _enter_code(self, code: str):
        self.page.locator("#code").fill(code)
        return self._press()

    def open_child_code_error(self):
        self.goto(reverse("pledge:survey-code"))
        response = self._enter_code("")
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    def open_child_closed(self):
        self.goto(reverse("pledge:survey-code"))
        return self._enter_code("KM7QP-R3XTC")

    def open_child_about(self):
        self.goto(reverse("pledge:survey-code"))
        return self._enter_code("KM7QP-R3XTA")

    def open_child_about_error(self):
        return self._press()

    def open_child_start(self):
        self.page.locator("#band-2").check()
        return self._press()

    def open_child_question(self):
        return self.goto(reverse("pledge:survey-question", args=[1]))

    def open_child_question_error(self):
        return self._press("button[value=continue]")

    def open_child_question_choose(self):
        self.page.locator("#answer").check()
        self._press("button[value=continue]")
        self.page.locator("#answer").check()
        return self._press("button[value=continue]")

    def open_child_question_text(self):
        self.page.locator("#answer-2").check()
        return self._press("button[value=continue]")

    def open_child_check(self):
        self.page.locator("#text").fill("More days out, please.")
        return self._press("button[value=continue]")

    def open_child_done(self):
        return self._press()

    def open_child_code_used(self):
        self.goto(reverse("pledge:survey-code"))
        return self._enter_code("KM7QP-R3XTA")

    def open_child_arabic_code(self):
        return self.goto(reverse("pledge:survey-code") + "?lang=ar")

    def open_child_arabic_start(self):
        return self._enter_code("KM7QP-R3XTB")

    def open_child_arabic_question(self):
        return self.goto(reverse("pledge:survey-question", args=[1]))

    def open_child_arabic_question_text(self):
        return self.goto(reverse("pledge:survey-question", args=[4]))

    def open_child_arabic_check(self):
        return self.goto(reverse("pledge:survey-check"))

    def open_child_arabic_done(self):
        return self._press()

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
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
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
        expect(self.page.locator("#import-problems")).to_be_visible()
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

    def open_board_item_attachment(self):
        from tests.factories.board import AgendaItemFactory

        return self.goto(reverse("board:item-attachment", args=[AgendaItemFactory().pk]))

    def open_board_item_attachment_errors(self):
        self.open_board_item_attachment()
        self.page.get_by_label("Document (PDF)").set_input_files(
            {"name": "report.pdf", "mimeType": "application/pdf", "buffer": b"Not a PDF at all"}
        )
        response = self._submit("Attach the document")
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    # --- board meetings: a meeting with its standing items, a live section, members, attendance, a decision
    # and a question from the meeting before, open under matters arising
    def _board(self):
        if not hasattr(self, "_board_records"):
            self._board_records = make_board_meeting()
        return self._board_records

    def _board_goto(self, name: str, key: str):
        return self.goto(reverse(name, args=[self._board()[key].pk]))

    def _board_page(self, name: str, query: str = ""):
        self._board()
        return self.goto(reverse(name) + query)

    def open_board_meetings(self):
        return self._board_page("board:meeting-list")

    def open_board_questions(self):
        return self._board_page("board:questions")

    def open_board_terms(self):
        return self._board_page("board:terms")

    def open_board_members(self):
        return self._board_page("board:members")

    def open_board_work_programme(self):
        return self._board_page("board:work-programme", "?year=2026")

    def open_board_meeting(self):
        return self._board_goto("board:meeting", "meeting")

    def open_board_meeting_errors(self):
        self.goto(reverse("board:meeting-create"))
        self.page.get_by_label("Date").fill("31/02/2027")
        response = self._submit("Arrange meeting")
        expect(self.page.locator(".govuk-error-summary")).to_be_visible()
        return response

    def open_board_meeting_edit(self):
        return self._board_goto("board:meeting-edit", "meeting")

    def open_board_attendance(self):
        return self._board_goto("board:attendance", "meeting")

    def open_board_item_create(self):
        return self._board_goto("board:item-create", "meeting")

    def open_board_item_edit(self):
        return self._board_goto("board:item-edit", "item")

    def open_board_item_remove(self):
        return self._board_goto("board:item-remove", "item")

    def open_board_item_minutes(self):
        return self._board_goto("board:item-minutes", "item")

    def open_board_decision_create(self):
        return self._board_goto("board:decision-create", "meeting")

    def open_board_decision_action(self):
        return self._board_goto("board:decision-action", "decision")

    def open_board_question_create(self):
        return self._board_goto("board:question-create", "meeting")

    def open_board_question(self):
        return self._board_goto("board:question", "question")

    def open_board_question_answer(self):
        return self._board_goto("board:question-answer", "question")

    def open_board_member_end(self):
        return self._board_goto("board:member-end", "membership")

    def open_board_work_programme_edit(self):
        return self._board_goto("board:work-programme-edit", "planned")

    def open_board_work_programme_delete(self):
        return self._board_goto("board:work-programme-delete", "planned")

    # --- the annual board evaluation, with a year of meetings to report on
    def open_board_evaluation(self):
        year = make_board_year()
        return self.goto(reverse("board:evaluation") + f"?year={year}")


def make_board_meeting() -> dict:
    """A board with members, a held meeting with a question still open, and the next meeting's agenda with a
    live scorecard section, attendance and a decision."""
    from zoneinfo import ZoneInfo

    from cpboard.board.models import Membership, Section
    from cpboard.board.services.meetings import create_meeting, current_board
    from tests.factories.board import (
        AttendanceFactory,
        DecisionFactory,
        MembershipFactory,
        QuestionFactory,
        WorkProgrammeItemFactory,
    )
    from tests.factories.performance import OutcomeAreaFactory
    from tests.factories.training import PersonFactory

    london = ZoneInfo("Europe/London")
    board = current_board()
    chair = MembershipFactory(
        person=PersonFactory(display_name="Councillor Maya Okafor-Lindqvist"), role=Membership.Role.CHAIR
    )
    for role in (Membership.Role.MEMBER, Membership.Role.YOUNG_PERSON, Membership.Role.PARTNER):
        MembershipFactory(
            role=role, represents="Thistledon Clinical Commissioning Group" if role == "partner" else ""
        )
    earlier = create_meeting(
        board, starts_at=dt.datetime(2026, 6, 10, 14, tzinfo=london), place="Committee Room 1", by=None
    )
    meeting = create_meeting(
        board,
        starts_at=dt.datetime(2026, 8, 5, 14, tzinfo=london),
        place="Committee Room 2, Thistledon Civic Centre",
        by=None,
    )
    area = OutcomeAreaFactory(slug="staying-safe", name="Staying safe")
    item = meeting.items.create(
        position=6,
        title="Quarterly performance report",
        section=Section.SCORECARD,
        section_options={"area": area.slug},
        narrative="The performance lead will take the board through the quarter's figures.",
    )
    AttendanceFactory(meeting=meeting, person=chair.person)
    question = QuestionFactory(
        meeting=earlier,
        answer_by=meeting,
        to_answer=PersonFactory(display_name="Dana Head of Service", kind="officer"),
    )
    decision = DecisionFactory(meeting=meeting, item=item)
    planned = WorkProgrammeItemFactory(
        municipal_year=2026, meeting=meeting, title="Adoption and fostering report"
    )
    return {
        "meeting": meeting,
        "item": item,
        "question": question,
        "decision": decision,
        "membership": chair,
        "planned": planned,
    }


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


def make_board_year() -> int:
    """Two meetings held this municipal year and one to come, members with their attendance, an item, an
    open question and a decision: the evaluation with every part it can show. Returns the year's start."""
    import datetime as dt

    from django.utils import timezone

    from cpboard.board.models import Meeting, Membership, municipal_year_start
    from tests.factories.board import (
        AgendaItemFactory,
        AttendanceFactory,
        DecisionFactory,
        MeetingFactory,
        MembershipFactory,
        QuestionFactory,
    )
    from tests.factories.training import PersonFactory

    now = timezone.now()
    year = municipal_year_start(timezone.localdate())
    first = max(now - dt.timedelta(days=60), now.replace(year=year, month=5, day=2))
    held = [
        MeetingFactory(starts_at=first, status=Meeting.Status.HELD),
        MeetingFactory(starts_at=first + dt.timedelta(days=1), status=Meeting.Status.HELD),
    ]
    MeetingFactory(starts_at=now + dt.timedelta(days=7))
    chair = MembershipFactory(
        role=Membership.Role.CHAIR, person=PersonFactory(display_name="Evaluation Chair")
    )
    member = MembershipFactory(person=PersonFactory(display_name="Evaluation Member with a long name"))
    for meeting in held:
        AttendanceFactory(meeting=meeting, person=chair.person)
        AttendanceFactory(meeting=meeting, person=member.person, status="apologies")
    AgendaItemFactory(meeting=held[0], title="Health of children in care: annual report")
    QuestionFactory(meeting=held[0])
    DecisionFactory(meeting=held[1])
    return year


def all_page_names() -> list[str]:
    return [name for _, names in PAGES for name in names]
