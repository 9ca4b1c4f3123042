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
COMPLIANCE_READERS = frozenset(
    {roles.BOARD_MEMBER, roles.OFFICER, roles.SENIOR_OFFICER, roles.SCRUTINY_OFFICER}
)
DIRECTORY_READERS = frozenset({roles.OFFICER, roles.ADMINISTRATOR})
PLAN_READERS = frozenset({roles.BOARD_MEMBER, roles.OFFICER, roles.SENIOR_OFFICER, roles.SCRUTINY_OFFICER})
PLAN_EXPORTERS = frozenset({roles.BOARD_MEMBER, roles.OFFICER, roles.SCRUTINY_OFFICER})
SCRUTINY = frozenset({roles.SCRUTINY_OFFICER})


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


def _directory_person():
    from tests.factories.training import PersonFactory

    return {"pk": PersonFactory(display_name="Subject Councillor").pk}


def _appointment():
    from tests.factories.training import AppointmentFactory

    return {"pk": AppointmentFactory().pk}


def _course():
    from tests.factories.training import CourseFactory

    return {"code": CourseFactory(code="url-course").code}


def _action_theme():
    from tests.factories.actions import ThemeFactory

    return {"pk": ThemeFactory().pk}


def _action_objective():
    from tests.factories.actions import ObjectiveFactory

    return {"pk": ObjectiveFactory().pk}


def _action():
    from tests.factories.actions import ActionFactory

    return {"pk": ActionFactory().pk}


def _action_source():
    from cpboard.actions.models import ActionSource
    from tests.factories.actions import ActionFactory

    source = ActionSource.objects.create(
        action=ActionFactory(), kind=ActionSource.Kind.INSPECTION, description="Ofsted, March 2026"
    )
    return {"pk": source.pk}


def _review():
    from tests.factories.actions import ReviewFactory

    return {"pk": ReviewFactory().pk}


def _recommendation():
    from tests.factories.actions import RecommendationFactory

    return {"pk": RecommendationFactory().pk}


def _training_session():
    from tests.factories.training import SessionFactory

    return {"pk": SessionFactory().pk}


def _training_record():
    from tests.factories.training import TrainingRecordFactory

    return {"pk": TrainingRecordFactory().pk}


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
    # The people directory: officers keep it; administrators link people to sign-in accounts.
    "accounts:directory": Case(DIRECTORY_READERS),
    "accounts:directory-create": Case(OFFICERS),
    "accounts:directory-detail": Case(DIRECTORY_READERS, kwargs=_directory_person),
    "accounts:directory-edit": Case(OFFICERS, kwargs=_directory_person),
    "accounts:directory-account": Case(ADMIN, kwargs=_directory_person),
    "accounts:appointment-create": Case(OFFICERS, kwargs=_directory_person),
    "accounts:appointment-edit": Case(OFFICERS, kwargs=_appointment),
    # Member training
    "training:compliance": Case(COMPLIANCE_READERS),
    "training:compliance-export": Case(COMPLIANCE_READERS, kwargs=lambda: {"fmt": "csv"}),
    "training:compliance-pdf": Case(COMPLIANCE_READERS),
    "training:my-training": Case(EVERYONE),
    "training:person": Case(OFFICERS, kwargs=_directory_person),
    "training:course-list": Case(OFFICERS),
    "training:course-create": Case(OFFICERS),
    "training:course-edit": Case(OFFICERS, kwargs=_course),
    "training:course-delete": Case(OFFICERS, kwargs=_course),
    "training:course-retire": Case(OFFICERS, kwargs=_course, method="post", ok=(302,)),
    "training:session-list": Case(OFFICERS),
    "training:session-create": Case(OFFICERS),
    "training:session-detail": Case(OFFICERS, kwargs=_training_session),
    "training:session-edit": Case(OFFICERS, kwargs=_training_session),
    "training:record-create": Case(OFFICERS),
    "training:record-edit": Case(OFFICERS, kwargs=_training_record),
    "training:record-delete": Case(OFFICERS, kwargs=_training_record),
    "training:import": Case(OFFICERS),
    "training:import-template": Case(OFFICERS, kwargs=lambda: {"fmt": "csv"}),
    # The action plan and scrutiny recommendations
    "actions:plan": Case(PLAN_READERS),
    "actions:plan-export": Case(PLAN_EXPORTERS, kwargs=lambda: {"fmt": "csv"}),
    "actions:plan-pdf": Case(PLAN_EXPORTERS),
    "actions:my-actions": Case(PLAN_READERS),
    "actions:theme-create": Case(OFFICERS),
    "actions:theme-edit": Case(OFFICERS, kwargs=_action_theme),
    "actions:objective-create": Case(OFFICERS),
    "actions:objective-edit": Case(OFFICERS, kwargs=_action_objective),
    "actions:action-create": Case(OFFICERS),
    "actions:action-detail": Case(PLAN_READERS, kwargs=_action),
    "actions:action-edit": Case(OFFICERS, kwargs=_action),
    "actions:update-post": Case(
        OFFICERS,
        kwargs=_action,
        method="post",
        data=lambda kw: {"written_on": "01/01/2026", "text": "Progress made", "status": "not_started"},
        ok=(302,),
    ),
    "actions:source-add": Case(
        OFFICERS,
        kwargs=_action,
        method="post",
        data=lambda kw: {"kind": "inspection", "description": "Ofsted, March 2026"},
        ok=(302,),
    ),
    "actions:source-remove": Case(OFFICERS, kwargs=_action_source, method="post", ok=(302,)),
    "actions:import": Case(OFFICERS),
    "actions:import-template": Case(OFFICERS, kwargs=lambda: {"fmt": "csv"}),
    "actions:review-list": Case(PLAN_READERS),
    "actions:review-create": Case(SCRUTINY),
    "actions:review-detail": Case(PLAN_READERS, kwargs=_review),
    "actions:review-edit": Case(SCRUTINY, kwargs=_review),
    "actions:recommendation-create": Case(SCRUTINY, kwargs=_review),
    "actions:recommendation-detail": Case(PLAN_READERS, kwargs=_recommendation),
    "actions:recommendation-edit": Case(SCRUTINY, kwargs=_recommendation),
    "actions:commentary-add": Case(
        SCRUTINY,
        kwargs=_recommendation,
        method="post",
        data=lambda kw: {"written_on": "01/01/2026", "text": "Reviewed by the panel"},
        ok=(302,),
    ),
    "actions:tracker": Case(PLAN_READERS),
    "actions:revisits": Case(PLAN_READERS),
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
}
