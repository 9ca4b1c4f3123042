"""Every named URL in the project, who may use it, and how to call it. Later issues extend URLS.

`allowed` lists the roles that get the page; everyone else signed in gets `denied` (403, or 404 where
the record is outside their scope). Anonymous people are sent to sign in unless the URL is public.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from cpboard.core import roles

EVERYONE = frozenset(roles.ROLES)
ADMIN = frozenset({roles.ADMINISTRATOR})
PERFORMANCE_READERS = frozenset(
    {roles.BOARD_MEMBER, roles.OFFICER, roles.SENIOR_OFFICER, roles.SCRUTINY_OFFICER}
)
OFFICERS = frozenset({roles.OFFICER})
QUARTER_READERS = frozenset({roles.OFFICER, roles.SENIOR_OFFICER})
EXPORTERS = frozenset({roles.BOARD_MEMBER, roles.OFFICER, roles.SCRUTINY_OFFICER})
SIGNERS = frozenset({roles.SENIOR_OFFICER})
# Pledge survey results: everyone who reads the board's figures (small numbers hidden unless they may see them).
PLEDGE_RESULTS_READERS = PERFORMANCE_READERS


@dataclass(frozen=True)
class Case:
    allowed: frozenset[str]
    kwargs: Callable[[], dict] | None = None  # builds the records the URL needs
    method: str = "get"
    data: Callable[[dict], dict] | None = None
    ok: tuple[int, ...] = (200,)
    denied: int = 403
    public: bool = False
    signs_out: bool = False  # the page's job is to send you back to sign in


def _person():
    from tests.factories.accounts import UserFactory

    return {"pk": UserFactory(username="subject-person").pk}


def _history():
    from tests.factories.accounts import UserFactory

    return {"app_label": "accounts", "model_name": "user", "pk": UserFactory(username="history-subject").pk}


def _stored_file():
    from django.core.files.base import ContentFile

    from cpboard.core.models import StoredFile
    from tests.factories.accounts import UserFactory

    stored = StoredFile(
        purpose="performance-import",
        kind="csv",
        original_name="q1.csv",
        size=4,
        sha256="0" * 64,
        uploaded_by=UserFactory(username="uploader"),
    )
    stored.file.save("x", ContentFile(b"a,b\n"), save=True)
    return {"uuid": stored.uuid}


def _indicator():
    from tests.factories.performance import IndicatorFactory

    return {"code": IndicatorFactory(code="PS-TEST").code}


def _value():
    from tests.factories.performance import IndicatorValueFactory, quarter, released

    value = IndicatorValueFactory()
    released(quarter(2025, 1))  # a figure the board may read: its quarter is signed off
    return {"pk": value.pk}


def _comparator():
    from tests.factories.performance import ComparatorFactory

    return {"pk": ComparatorFactory().pk}


def _published_difference():
    from performance.models import PublishedDifference
    from tests.factories.performance import ComparatorFactory

    comparator = ComparatorFactory(source="entered", value=Decimal("12"))
    return {
        "pk": PublishedDifference.objects.create(comparator=comparator, value=Decimal("11"), la_code="813").pk
    }


def _quarter():
    from tests.factories.performance import QuarterReturnFactory, quarter

    QuarterReturnFactory(period=quarter(2025, 1))
    return {"year": 2025, "quarter": 1}


def _submitted_quarter():
    from performance.models import QuarterReturn
    from tests.factories.performance import QuarterReturnFactory, quarter

    QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SUBMITTED)
    return {"year": 2025, "quarter": 1}


def _next_quarter(kwargs: dict) -> dict:
    """What the quarter list's "start" button posts: the quarter it offers."""
    from performance.services.quarters import quarter_next_to_start

    year, quarter = quarter_next_to_start() or (2025, 1)
    return {"year": year, "quarter": quarter}


def _shown_version(kwargs: dict) -> dict:
    """What a quarter's submit and sign-off buttons post: the version the page showed."""
    from performance.models import QuarterReturn

    quarter_return = QuarterReturn.objects.get(
        period__kind="quarter", period__year_start=kwargs["year"], period__quarter=kwargs["quarter"]
    )
    return {"version": quarter_return.version}


def _signed_off_value():
    from performance.models import QuarterReturn
    from tests.factories.performance import IndicatorValueFactory, QuarterReturnFactory, quarter

    QuarterReturnFactory(period=quarter(2025, 1), status=QuarterReturn.Status.SIGNED_OFF)
    return {"pk": IndicatorValueFactory(period=quarter(2025, 1)).pk}


def _answered_survey():
    from tests.pledge.results_data import answer, make_survey, many, question

    survey = make_survey(2026)
    answer(survey, {"8-11": many({question(survey, "home"): ["5", "4", "2"]}, 6)})
    return {"pk": survey.pk}


def _message():
    from pledge.models import Message, Question
    from tests.pledge.results_data import answer, make_survey, question

    survey = make_survey(2026)
    closing = question(survey, "anything-else", kind=Question.Kind.FREE_TEXT)
    answer(survey, {"8-11": [{closing: "I like my new room."}]})
    return {"pk": Message.objects.get().pk}


URLS: dict[str, Case] = {
    "healthz": Case(EVERYONE, public=True),
    "readyz": Case(EVERYONE, public=True),
    "core:home": Case(EVERYONE),
    "core:record-history": Case(ADMIN, kwargs=_history),
    "core:file-download": Case(OFFICERS, kwargs=_stored_file, denied=404),
    # The footer's pages: public (no data; the privacy notice must be readable before signing in).
    "core:glossary": Case(EVERYONE, public=True),
    "core:accessibility": Case(EVERYONE, public=True),
    "core:privacy": Case(EVERYONE, public=True),
    "core:help": Case(EVERYONE, public=True),
    "accounts:login": Case(EVERYONE, public=True, ok=(200, 302)),
    "accounts:logout": Case(EVERYONE, method="post", ok=(302,), signs_out=True),
    "accounts:mfa-verify": Case(EVERYONE, ok=(200, 302)),
    "accounts:mfa-setup": Case(EVERYONE, ok=(200, 302)),
    "accounts:person-list": Case(ADMIN),
    "accounts:person-create": Case(ADMIN),
    "accounts:person-detail": Case(ADMIN, kwargs=_person),
    "accounts:person-edit": Case(ADMIN, kwargs=_person),
    "accounts:person-mfa-reset": Case(ADMIN, kwargs=_person, method="post", ok=(302,)),
    "accounts:person-password-reset": Case(ADMIN, kwargs=_person, method="post", ok=(200,)),
    "accounts:password-set": Case(
        EVERYONE, public=True, kwargs=lambda: {"uidb64": "MQ", "token": "not-a-real-token"}
    ),
    "accounts:security-log": Case(ADMIN),
    # Performance indicators
    "performance:dashboard": Case(PERFORMANCE_READERS),
    "performance:dashboard-export": Case(EXPORTERS, kwargs=lambda: {"fmt": "csv"}),
    "performance:dashboard-pdf": Case(EXPORTERS),
    "performance:indicator-detail": Case(PERFORMANCE_READERS, kwargs=_indicator),
    "performance:value-detail": Case(PERFORMANCE_READERS, kwargs=_value),
    "performance:comparator-detail": Case(PERFORMANCE_READERS, kwargs=_comparator),
    "performance:quarter-list": Case(QUARTER_READERS),
    "performance:quarter-start": Case(OFFICERS, method="post", data=_next_quarter, ok=(302,)),
    "performance:quarter-edit": Case(QUARTER_READERS, kwargs=_quarter),
    "performance:quarter-signoff": Case(
        SIGNERS, kwargs=_submitted_quarter, method="post", data=_shown_version, ok=(302,)
    ),
    "performance:quarter-check": Case(SIGNERS, kwargs=_submitted_quarter),
    "performance:quarter-send-back": Case(
        SIGNERS,
        kwargs=_submitted_quarter,
        method="post",
        data=lambda kwargs: {**_shown_version(kwargs), "reason": "The placements figure looks too low."},
        ok=(302,),
    ),
    "performance:quarter-import": Case(OFFICERS, kwargs=_quarter),
    "performance:value-revise": Case(OFFICERS, kwargs=_signed_off_value),
    "performance:import-template": Case(OFFICERS, kwargs=lambda: {"fmt": "csv"}),
    "performance:indicator-list": Case(OFFICERS),
    "performance:indicator-create": Case(OFFICERS),
    "performance:indicator-edit": Case(OFFICERS, kwargs=_indicator),
    "performance:target-edit": Case(OFFICERS, kwargs=lambda: {"year": 2025}),
    "performance:comparator-edit": Case(OFFICERS, kwargs=lambda: {**_indicator(), "year": 2024}),
    "performance:benchmark-import": Case(OFFICERS),
    "performance:benchmark-template": Case(OFFICERS, kwargs=lambda: {"fmt": "csv"}),
    "performance:dfe-load": Case(OFFICERS),
    "performance:published-differences": Case(OFFICERS),
    "performance:published-difference-decide": Case(
        OFFICERS,
        kwargs=_published_difference,
        method="post",
        data=lambda kwargs: {"choice": "keep", "version": "1"},
        ok=(302,),
    ),
    # Pledge survey results and children's messages (issue 10, part C)
    "pledge:results-list": Case(PLEDGE_RESULTS_READERS),
    "pledge:results": Case(PLEDGE_RESULTS_READERS, kwargs=_answered_survey),
    "pledge:results-export": Case(
        PLEDGE_RESULTS_READERS, kwargs=lambda: {**_answered_survey(), "fmt": "csv"}
    ),
    "pledge:results-pdf": Case(PLEDGE_RESULTS_READERS, kwargs=_answered_survey),
    "pledge:message-list": Case(OFFICERS),
    "pledge:message-detail": Case(OFFICERS, kwargs=_message),
}
