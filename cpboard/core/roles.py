"""The five roles, as Django groups, and the model permissions each carries.

A person may hold several roles. Views declare the permission they need; this table is the only place
that says which role gets which permission. `sync_roles` (run after every migrate) makes the groups
match it exactly, so removing a permission here removes it from the group too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission


@dataclass(frozen=True)
class Role:
    slug: str
    name: str
    description: str
    permissions: tuple[str, ...]
    needs_mfa: bool = True


BOARD_MEMBER = "board_member"
OFFICER = "officer"
SENIOR_OFFICER = "senior_officer"
SCRUTINY_OFFICER = "scrutiny_officer"
CICC_MEMBER = "cicc_member"
ADMINISTRATOR = "administrator"
VISITOR = "visitor"
HOME_MANAGER = "home_manager"

_PERFORMANCE_READ = (
    "performance.view_indicator",
    "performance.view_indicatorvalue",
    "performance.view_target",
    "performance.view_comparator",
    "performance.view_dashboard",
)

# The pledge as the board reads it, survey results (small numbers hidden) and "you said, we did".
_PLEDGE_READ = (
    "pledge.view_pledgeversion",
    "pledge.view_child_pages",
    "pledge.view_survey",
    "pledge.view_results",
    "pledge.view_message",
    "pledge.view_finding",
)
# The participation officer: writes the pledge, builds surveys, prints codes, checks messages, records responses.
_PLEDGE_WRITE = (
    "pledge.add_pledgeversion",
    "pledge.change_pledgeversion",
    "pledge.publish_pledgeversion",
    "pledge.add_promise",
    "pledge.change_promise",
    "pledge.delete_promise",
    "pledge.add_commitment",
    "pledge.change_commitment",
    "pledge.delete_commitment",
    "pledge.add_survey",
    "pledge.change_survey",
    "pledge.add_question",
    "pledge.change_question",
    "pledge.add_translation",
    "pledge.change_translation",
    "pledge.add_codebatch",
    "pledge.view_codebatch",
    "pledge.view_accesscode",
    "pledge.void_accesscode",
    "pledge.moderate_message",
    "pledge.add_finding",
    "pledge.change_finding",
)
# Training: everyone who reads the board's figures sees compliance; officers keep the records.
_TRAINING_READ = ("training.view_compliance",)
_TRAINING_KEEP = (
    "accounts.view_person",
    "accounts.add_person",
    "accounts.change_person",
    "accounts.view_appointment",
    "accounts.add_appointment",
    "accounts.change_appointment",
    "training.view_compliance",
    "training.view_course",
    "training.add_course",
    "training.change_course",
    "training.delete_course",
    "training.view_session",
    "training.add_session",
    "training.change_session",
    "training.view_trainingrecord",
    "training.add_trainingrecord",
    "training.change_trainingrecord",
    "training.delete_trainingrecord",
    "training.import_records",
)

# Regulation 33/44 visits. The board reads compliance and the six-monthly summary, never a full report.
_VISITS_BOARD = ("visits.view_compliance", "visits.view_summary")
# Officers keep the homes register and the rota, read every report and follow actions up.
_VISITS_KEEP = (
    *_VISITS_BOARD,
    "visits.view_home",
    "visits.add_home",
    "visits.change_home",
    "visits.view_visit",
    "visits.add_visit",
    "visits.change_visit",
    "visits.write_report",
    "visits.view_action",
    "visits.add_action",
    "visits.change_action",
    "visits.view_declaration",
    "visits.add_declaration",
    "visits.view_qualityreview",
    "visits.add_qualityreview",
)
# The action plan: everyone who reads the board's figures reads the plan and the recommendations; officers
# keep the plan; scrutiny officers record reviews, recommendations, responses and commentary.
_ACTIONS_READ = (
    "actions.view_theme",
    "actions.view_objective",
    "actions.view_action",
    "actions.view_actionowner",
    "actions.view_progressupdate",
    "actions.view_actionsource",
    "actions.view_review",
    "actions.view_recommendation",
    "actions.view_objectiverecommendation",
    "actions.view_recommendationprogress",
)
_ACTIONS_KEEP = (
    *_ACTIONS_READ,
    "actions.add_theme",
    "actions.change_theme",
    "actions.add_objective",
    "actions.change_objective",
    "actions.add_action",
    "actions.change_action",
    "actions.add_progressupdate",
    "actions.add_actionsource",
    "actions.delete_actionsource",
    "actions.import_plan",
    "actions.export_plan",
)
_ACTIONS_SCRUTINY = (
    *_ACTIONS_READ,
    "actions.add_review",
    "actions.change_review",
    "actions.add_recommendation",
    "actions.change_recommendation",
    "actions.add_recommendationprogress",
    "actions.export_plan",
)

# Board meetings and packs. Everyone who reads the board's figures reads meetings, questions, decisions and
# published packs; scrutiny officers plan meetings, keep minutes and the questions log, build and publish packs.
_BOARD_READ = (
    "board.view_board",
    "board.view_membership",
    "board.view_meeting",
    "board.view_attendance",
    "board.view_workprogrammeitem",
    "board.view_agendaitem",
    "board.view_decision",
    "board.view_question",
    "board.view_packversion",
)
_BOARD_SCRUTINY = (
    *_BOARD_READ,
    "board.change_board",
    "board.add_membership",
    "board.change_membership",
    "board.add_meeting",
    "board.change_meeting",
    "board.add_attendance",
    "board.change_attendance",
    "board.add_workprogrammeitem",
    "board.change_workprogrammeitem",
    "board.delete_workprogrammeitem",
    "board.add_agendaitem",
    "board.change_agendaitem",
    "board.delete_agendaitem",
    "board.add_decision",
    "board.change_decision",
    "board.add_question",
    "board.change_question",
    "board.generate_pack",
    "board.publish_pack",
    "board.view_packbuild",
)

ROLES: dict[str, Role] = {
    r.slug: r
    for r in (
        Role(
            BOARD_MEMBER,
            "Board member",
            "Elected councillor or partner: reads dashboards, packs and the action plan.",
            # downloads (CSV, XLSX, PDF) of what they read, small numbers hidden exactly as on screen
            (
                *_PERFORMANCE_READ,
                "performance.export_figures",
                *_TRAINING_READ,
                *_PLEDGE_READ,
                *_VISITS_BOARD,
                *_ACTIONS_READ,
                "actions.export_plan",
                *_BOARD_READ,
            ),
        ),
        Role(
            OFFICER,
            "Officer",
            "Enters quarterly figures, reports, training records and action-plan progress.",
            (
                *_PERFORMANCE_READ,
                "core.view_small_numbers",
                "performance.add_indicator",
                "performance.change_indicator",
                "performance.add_indicatorvalue",
                "performance.change_indicatorvalue",
                "performance.submit_quarter",
                "performance.add_target",
                "performance.change_target",
                "performance.add_comparator",
                "performance.change_comparator",
                "performance.import_figures",
                "performance.export_figures",
                "performance.view_quarterreturn",
                *_TRAINING_KEEP,
                *_PLEDGE_READ,
                *_PLEDGE_WRITE,
                *_VISITS_KEEP,
                *_ACTIONS_KEEP,
                *_BOARD_READ,
            ),
        ),
        Role(
            SENIOR_OFFICER,
            "Senior officer",
            "An officer who signs off each quarter's figures, which locks them.",
            (
                *_PERFORMANCE_READ,
                "core.view_small_numbers",
                "performance.signoff_quarter",
                "performance.view_quarterreturn",
                *_TRAINING_READ,
                *_PLEDGE_READ,
                *_VISITS_BOARD,
                *_ACTIONS_READ,
                *_BOARD_READ,
            ),
        ),
        Role(
            SCRUTINY_OFFICER,
            "Scrutiny officer",
            "Plans meetings, assembles and publishes board packs, records recommendations.",
            (
                *_PERFORMANCE_READ,
                "performance.export_figures",
                *_TRAINING_READ,
                *_PLEDGE_READ,
                *_VISITS_BOARD,
                *_ACTIONS_SCRUTINY,
                *_BOARD_SCRUTINY,
            ),
        ),
        Role(
            CICC_MEMBER,
            "Children in Care Council member",
            "A young person: sees the pledge and its surveys only.",
            ("pledge.view_child_pages", "pledge.answer_survey"),
            needs_mfa=False,
        ),
        Role(
            VISITOR,
            "Regulation 33/44 visitor",
            "Councillor, officer or independent person who visits children's homes: sees and writes only "
            "the visits they are on, and keeps their own independence declarations.",
            (
                "visits.view_home",
                "visits.view_visit",
                "visits.write_report",
                "visits.view_action",
                "visits.add_action",
                "visits.view_declaration",
                "visits.add_declaration",
            ),
        ),
        Role(
            HOME_MANAGER,
            "Home manager",
            "A children's home's registered manager: sees their own home's visits, acknowledges reports, "
            "answers actions and records Regulation 45 reviews.",
            (
                "visits.view_home",
                "visits.view_visit",
                "visits.acknowledge_visit",
                "visits.view_action",
                "visits.respond_action",
                "visits.view_qualityreview",
                "visits.add_qualityreview",
            ),
        ),
        Role(
            ADMINISTRATOR,
            "Administrator",
            "Manages people and their roles, and reads the security log.",
            (
                "accounts.view_user",
                "accounts.add_user",
                "accounts.change_user",
                "accounts.reset_mfa",
                "accounts.view_person",
                "accounts.link_account",
                "core.view_securityevent",
                "performance.view_outcomearea",
                "performance.add_outcomearea",
                "performance.change_outcomearea",
            ),
        ),
    )
}


def role_for_group_name(name: str) -> Role | None:
    return next((role for role in ROLES.values() if role.name == name), None)


def group(slug: str) -> Group:
    return Group.objects.get(name=ROLES[slug].name)


def roles_of(user) -> list[Role]:
    """The person's roles, in the table's order (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    if not hasattr(user, "_cpboard_roles"):
        names = {g.name for g in user.groups.all()}
        user._cpboard_roles = [role for role in ROLES.values() if role.name in names]
    return user._cpboard_roles


def has_role(user, slug: str) -> bool:
    return any(role.slug == slug for role in roles_of(user))


def needs_mfa(user) -> bool:
    """Everyone except people whose only role is Children in Care Council member."""
    roles = roles_of(user)
    return user.is_superuser or not roles or any(role.needs_mfa for role in roles)


def sync_roles(sender=None, **kwargs) -> None:
    """Make each role's group hold exactly its permissions. Connected to post_migrate, which is sent once per
    installed app after every migrate and after every flush of a test database: only the last app's signal does
    the work, when every app's permissions exist, and it reads all permissions in one query (it used to run 19
    times with a query per permission, about 5,000 queries and 6 s after each browser test)."""
    from django.apps import apps

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not None and with_models and sender is not with_models[-1]:
        return
    using = kwargs.get("using") or "default"
    permissions = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.using(using).select_related("content_type")
    }
    for role in ROLES.values():
        group_obj, _ = Group.objects.using(using).get_or_create(name=role.name)
        keys = (tuple(dotted.split(".", 1)) for dotted in role.permissions)
        wanted = [permissions[(app, code)] for app, code in keys if (app, code) in permissions]
        group_obj.permissions.set(wanted)
