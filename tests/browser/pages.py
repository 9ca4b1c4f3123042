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
            "visits:compliance",
            "visits:summary",
        ],
    ),
    (
        roles.OFFICER,
        [
            "visits:rota",
            "visits:rota-create",
            "visit-home",
            "visit-rota-refused",
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
        ],
    ),
    (roles.SENIOR_OFFICER, ["quarter-check"]),
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
    "visit-rota-refused": 400,
    "visit-action-form": 400,
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
            "database-unavailable": reverse("test-database-unavailable"),
        }
        if role != SIGNED_OUT:
            sign_in(page, live_server, self.person.username, PASSWORD)

    # --- Regulation 33/44 visits: a council home this person visits and manages, with a submitted report
    def _visit(self):
        if getattr(self, "_visit_record", None) is None:
            import datetime as dt

            from tests.factories.training import PersonFactory
            from tests.factories.visits import ActionFactory, HomeFactory, VisitFactory

            person = PersonFactory(user=self.person, display_name="Browser Visitor")
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


def all_page_names() -> list[str]:
    return [name for _, names in PAGES for name in names]
