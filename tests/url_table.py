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
PLEDGE_READERS = PERFORMANCE_READERS
# Children in Care Council members reach the pages children read, and nothing else.
CHILD_PAGES = PLEDGE_READERS | {roles.CICC_MEMBER}
# Pledge survey results: everyone who reads the board's figures (small numbers hidden unless they may see them).
PLEDGE_RESULTS_READERS = PERFORMANCE_READERS
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


def _return_import():
    from tests.factories.performance import return_import

    return {"pk": return_import().pk}


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


def _old_pledge():
    from pledge.models import PledgeVersion
    from tests.factories.pledge import PledgeVersionFactory

    return {"number": PledgeVersionFactory(number=1, status=PledgeVersion.Status.SUPERSEDED).number}


def _draft_promise():
    """A draft pledge with one promise and one commitment."""
    from pledge.models import PledgeVersion
    from tests.factories.pledge import CommitmentFactory, PledgeVersionFactory, PromiseFactory

    draft = PledgeVersionFactory(number=7, status=PledgeVersion.Status.DRAFT)
    return CommitmentFactory(promise=PromiseFactory(pledge_version=draft))


def _draft():
    _draft_promise()
    return {}


def _finding():
    from tests.factories.pledge import FindingFactory

    return FindingFactory()


def _with_finding():
    _finding()
    return {}


def _published_pledge():
    from tests.factories.pledge import CommitmentFactory

    CommitmentFactory()  # a promise of the current pledge, with its commitment
    return {}


# --- pledge surveys (issue 10, part B)
CICC = frozenset({roles.CICC_MEMBER})


def _survey():
    from tests.factories.pledge import SurveyFactory, SurveyVersionFactory

    survey = SurveyFactory(year=2031, title="Pledge survey 2031")
    SurveyVersionFactory(survey=survey)
    return {"pk": survey.pk}


def _survey_question():
    from tests.factories.pledge import QuestionFactory

    question = QuestionFactory(survey_id=_survey()["pk"])
    return {"pk": question.survey_id, "question_pk": question.pk}


def _survey_band():
    return {**_survey(), "band": "8-11"}


def _survey_language():
    return {**_survey(), "language": "ar"}


def _question_translation():
    found = _survey_question()
    return {"pk": found["pk"], "language": "ar", "what": "question", "item": found["question_pk"]}


def _code_batch():
    from tests.factories.pledge import AccessCodeFactory, CodeBatchFactory

    batch = CodeBatchFactory(survey_id=_survey()["pk"])
    AccessCodeFactory(batch=batch)
    return {"pk": batch.pk}


def _access_code():
    from tests.factories.pledge import AccessCodeFactory, CodeBatchFactory

    return {"pk": AccessCodeFactory(batch=CodeBatchFactory(survey_id=_survey()["pk"])).pk}


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


VISIT_BOARD = frozenset({roles.BOARD_MEMBER, roles.OFFICER, roles.SENIOR_OFFICER, roles.SCRUTINY_OFFICER})
VISIT_READERS = frozenset({roles.OFFICER, roles.VISITOR, roles.HOME_MANAGER})
VISIT_WRITERS = frozenset({roles.OFFICER, roles.VISITOR})
HOME_MANAGERS = frozenset({roles.HOME_MANAGER})


def _in_scope_visit(**fields):
    """A visit at a council home that the signed-in person (the newest account) visits and manages, so each
    role's answer shows what the role may do, not whether the record is theirs (tests/visits cover that)."""
    import datetime as dt

    from cpboard.accounts.models import Person, User
    from tests.factories.training import PersonFactory
    from tests.factories.visits import HomeFactory, VisitFactory

    user = User.objects.order_by("-pk").first()
    person = Person.objects.filter(user=user).first() or PersonFactory(user=user)
    visit = VisitFactory(home=HomeFactory(manager=person), period_start=dt.date(2026, 10, 1), **fields)
    visit.visitors.add(person)
    return visit


def _visit():
    return {"pk": _in_scope_visit().pk}


def _submitted_visit():
    import datetime as dt

    return {
        "pk": _in_scope_visit(
            status="submitted", visited_on=dt.date(2026, 10, 9), submitted_on=dt.date(2026, 10, 12)
        ).pk
    }


def _visit_home():
    return {"pk": _in_scope_visit().home_id}


def _visit_action():
    from tests.factories.visits import ActionFactory

    return {"pk": ActionFactory(visit=_in_scope_visit()).pk}


BOARD_READERS = frozenset({roles.BOARD_MEMBER, roles.OFFICER, roles.SENIOR_OFFICER, roles.SCRUTINY_OFFICER})


def _meeting():
    from tests.factories.board import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting)
    return {"pk": meeting.pk}


def _agenda_item():
    from tests.factories.board import AgendaItemFactory

    return {"pk": AgendaItemFactory().pk}


def _pack_version(status: str = "published"):
    def build():
        from tests.board.pack_helpers import stored_version

        return {"pk": stored_version(status=status).pk}

    return build


def _decision():
    from tests.factories.board import DecisionFactory

    return {"pk": DecisionFactory().pk}


def _question():
    from tests.factories.board import QuestionFactory

    return {"pk": QuestionFactory().pk}


def _membership():
    from tests.factories.board import MembershipFactory

    return {"pk": MembershipFactory().pk}


def _work_programme_item():
    from tests.factories.board import WorkProgrammeItemFactory

    return {"pk": WorkProgrammeItemFactory().pk}


def _move_data(kwargs):
    from cpboard.board.models import AgendaItem

    return {"direction": "up", "version": AgendaItem.objects.get(pk=kwargs["pk"]).version}


URLS: dict[str, Case] = {
    "healthz": Case(EVERYONE, public=True),
    "readyz": Case(EVERYONE, public=True),
    "core:home": Case(EVERYONE, ok=(200, 302)),  # a Children in Care Council member goes to their own page
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
    # Regulation 33/44 visits
    "visits:compliance": Case(VISIT_BOARD),
    "visits:compliance-export": Case(VISIT_BOARD, kwargs=lambda: {"fmt": "csv"}),
    "visits:summary": Case(VISIT_BOARD),
    "visits:summary-pdf": Case(VISIT_BOARD),
    "visits:home-list": Case(VISIT_READERS),
    "visits:home-create": Case(OFFICERS),
    "visits:home-detail": Case(VISIT_READERS, kwargs=_visit_home),
    "visits:home-edit": Case(OFFICERS, kwargs=_visit_home),
    "visits:review-create": Case(frozenset({roles.OFFICER, roles.HOME_MANAGER}), kwargs=_visit_home),
    "visits:rota": Case(OFFICERS),
    "visits:rota-create": Case(OFFICERS),
    "visits:rota-edit": Case(OFFICERS, kwargs=_visit),
    "visits:my-visits": Case(EVERYONE),
    "visits:declaration-list": Case(VISIT_WRITERS),
    "visits:declaration-create": Case(VISIT_WRITERS, ok=(200, 302)),
    "visits:visit-detail": Case(VISIT_READERS, kwargs=_visit),
    "visits:report-edit": Case(VISIT_WRITERS, kwargs=_visit),
    "visits:report-acknowledge": Case(
        HOME_MANAGERS, kwargs=_submitted_visit, method="post", data=lambda kwargs: {"version": "1"}, ok=(302,)
    ),
    "visits:report-print": Case(VISIT_READERS, kwargs=_visit),
    "visits:report-pdf": Case(VISIT_READERS, kwargs=_visit),
    "visits:action-create": Case(VISIT_WRITERS, kwargs=_visit),
    "visits:action-detail": Case(VISIT_READERS, kwargs=_visit_action),
    "visits:action-edit": Case(OFFICERS, kwargs=_visit_action),
    "visits:action-respond": Case(HOME_MANAGERS, kwargs=_visit_action),
    "visits:action-update": Case(OFFICERS, kwargs=_visit_action),
    "visits:action-raise": Case(OFFICERS, kwargs=_visit_action),
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
    "performance:ssda903-upload": Case(OFFICERS),
    "performance:ssda903-detail": Case(OFFICERS, kwargs=_return_import),
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
    # The pledge, and "you said, we did"
    "pledge:pledge": Case(PLEDGE_READERS),
    "pledge:version-list": Case(PLEDGE_READERS),
    "pledge:version-detail": Case(PLEDGE_READERS, kwargs=_old_pledge),
    "pledge:draft": Case(OFFICERS, kwargs=_draft),
    "pledge:draft-start": Case(OFFICERS, method="post", ok=(302,)),
    "pledge:draft-publish": Case(OFFICERS, kwargs=_draft),
    "pledge:promise-create": Case(OFFICERS, kwargs=_draft),
    "pledge:promise-edit": Case(OFFICERS, kwargs=lambda: {"pk": _draft_promise().promise_id}),
    "pledge:promise-move": Case(
        OFFICERS,
        kwargs=lambda: {"pk": _draft_promise().promise_id},
        method="post",
        data=lambda kwargs: {"direction": "up"},
        ok=(302,),
    ),
    "pledge:promise-delete": Case(
        OFFICERS, kwargs=lambda: {"pk": _draft_promise().promise_id}, method="post", ok=(302,)
    ),
    "pledge:commitment-create": Case(OFFICERS, kwargs=lambda: {"promise_pk": _draft_promise().promise_id}),
    "pledge:commitment-edit": Case(OFFICERS, kwargs=lambda: {"pk": _draft_promise().pk}),
    "pledge:commitment-move": Case(
        OFFICERS,
        kwargs=lambda: {"pk": _draft_promise().pk},
        method="post",
        data=lambda kwargs: {"direction": "down"},
        ok=(302,),
    ),
    "pledge:commitment-delete": Case(
        OFFICERS, kwargs=lambda: {"pk": _draft_promise().pk}, method="post", ok=(302,)
    ),
    "pledge:reading-age": Case(OFFICERS),
    "pledge:finding-list": Case(PLEDGE_READERS, kwargs=_with_finding),
    "pledge:finding-create": Case(OFFICERS, kwargs=lambda: {"survey_pk": _finding().survey_id}),
    "pledge:finding-edit": Case(OFFICERS, kwargs=lambda: {"pk": _finding().pk}),
    "pledge:young-home": Case(CHILD_PAGES),
    "pledge:children-pledge": Case(CHILD_PAGES, kwargs=_published_pledge),
    "pledge:children-pledge-pdf": Case(CHILD_PAGES, kwargs=_published_pledge),
    "pledge:you-said-we-did": Case(CHILD_PAGES, kwargs=_with_finding),
    "pledge:you-said-we-did-pdf": Case(CHILD_PAGES, kwargs=_with_finding),
    # Pledge surveys: officers build them, translate them and print codes.
    "pledge:survey-list": Case(OFFICERS),
    "pledge:survey-create": Case(OFFICERS),
    "pledge:survey-detail": Case(OFFICERS, kwargs=_survey),
    "pledge:survey-edit": Case(OFFICERS, kwargs=_survey),
    "pledge:question-create": Case(OFFICERS, kwargs=_survey),
    "pledge:question-edit": Case(OFFICERS, kwargs=_survey_question),
    "pledge:question-retire": Case(OFFICERS, kwargs=_survey_question, method="post", ok=(302,)),
    "pledge:question-delete": Case(OFFICERS, kwargs=_survey_question, method="post", ok=(302,)),
    "pledge:version-edit": Case(OFFICERS, kwargs=_survey_band),
    "pledge:translation-list": Case(OFFICERS, kwargs=_survey_language),
    "pledge:translation-edit": Case(OFFICERS, kwargs=_question_translation),
    "pledge:batch-create": Case(OFFICERS, kwargs=_survey),
    "pledge:batch-detail": Case(OFFICERS, kwargs=_code_batch),
    "pledge:batch-pdf": Case(OFFICERS, kwargs=_code_batch),
    "pledge:code-void": Case(
        OFFICERS, kwargs=_access_code, method="post", data=lambda kwargs: {"reason": "Slip lost"}, ok=(302,)
    ),
    # The children's survey: public (a code is the key; code entry is rate-limited), a step without a code
    # goes back to the code page. Children in Care Council members also start from their account.
    "pledge:survey-code": Case(EVERYONE, public=True),
    "pledge:survey-about": Case(EVERYONE, public=True, ok=(302,)),
    "pledge:survey-start": Case(EVERYONE, public=True, ok=(302,)),
    "pledge:survey-question": Case(EVERYONE, public=True, kwargs=lambda: {"number": 1}, ok=(302,)),
    "pledge:survey-check": Case(EVERYONE, public=True, ok=(302,)),
    "pledge:survey-done": Case(EVERYONE, public=True, ok=(302,)),
    "pledge:survey-start-account": Case(CICC),
    # Pledge survey results and children's messages (issue 10, part C)
    "pledge:results-list": Case(PLEDGE_RESULTS_READERS),
    "pledge:results": Case(PLEDGE_RESULTS_READERS, kwargs=_answered_survey),
    "pledge:results-export": Case(
        PLEDGE_RESULTS_READERS, kwargs=lambda: {**_answered_survey(), "fmt": "csv"}
    ),
    "pledge:results-pdf": Case(PLEDGE_RESULTS_READERS, kwargs=_answered_survey),
    "pledge:message-list": Case(OFFICERS),
    "pledge:message-detail": Case(OFFICERS, kwargs=_message),
    # Board meetings (issue 14): everyone who reads the board's figures reads meetings; scrutiny officers keep them.
    "board:meeting-list": Case(BOARD_READERS),
    "board:meeting-create": Case(SCRUTINY),
    "board:meeting": Case(BOARD_READERS, kwargs=_meeting),
    "board:meeting-edit": Case(SCRUTINY, kwargs=_meeting),
    "board:attendance": Case(SCRUTINY, kwargs=_meeting),
    "board:item-create": Case(SCRUTINY, kwargs=_meeting),
    "board:item-edit": Case(SCRUTINY, kwargs=_agenda_item),
    "board:item-move": Case(SCRUTINY, kwargs=_agenda_item, method="post", data=_move_data, ok=(302,)),
    "board:item-remove": Case(SCRUTINY, kwargs=_agenda_item),
    "board:item-minutes": Case(SCRUTINY, kwargs=_agenda_item),
    "board:decision-create": Case(SCRUTINY, kwargs=_meeting),
    "board:decision-action": Case(SCRUTINY, kwargs=_decision),
    "board:question-create": Case(SCRUTINY, kwargs=_meeting),
    "board:questions": Case(BOARD_READERS),
    "board:question": Case(BOARD_READERS, kwargs=_question),
    "board:question-answer": Case(SCRUTINY, kwargs=_question),
    "board:terms": Case(BOARD_READERS),
    "board:terms-edit": Case(SCRUTINY),
    "board:members": Case(BOARD_READERS),
    "board:member-create": Case(SCRUTINY),
    "board:member-end": Case(SCRUTINY, kwargs=_membership),
    "board:work-programme": Case(BOARD_READERS),
    "board:work-programme-create": Case(SCRUTINY),
    "board:work-programme-edit": Case(SCRUTINY, kwargs=_work_programme_item),
    "board:work-programme-delete": Case(SCRUTINY, kwargs=_work_programme_item),
    "board:item-attachment": Case(SCRUTINY, kwargs=_agenda_item),
    "board:pack-download": Case(BOARD_READERS, kwargs=_pack_version()),
    "board:pack-download-print": Case(BOARD_READERS, kwargs=_pack_version()),
    "board:pack-publish": Case(SCRUTINY, kwargs=_pack_version("draft"), method="post", ok=(302,), denied=403),
    # Generating a pack (a POST that queues a build) and its progress (JSON for the page's script).
    "board:pack-generate": Case(SCRUTINY, kwargs=_meeting, method="post", ok=(302,)),
    "board:build-status": Case(SCRUTINY, kwargs=_meeting),
    # The annual board evaluation (issue 14): everyone who reads the board's meetings (board.view_meeting)
    "board:evaluation": Case(BOARD_READERS),
    "board:evaluation-pdf": Case(BOARD_READERS),
}
