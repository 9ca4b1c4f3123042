from django.urls import path

from cpboard.board.views import (
    agenda,
    board,
    builds,
    decisions,
    evaluation,
    meetings,
    packs,
    questions,
    work_programme,
)

app_name = "board"

urlpatterns: list = [
    path("", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/attendance/", meetings.attendance_edit, name="attendance"),
    path("meetings/<int:pk>/pack/generate/", builds.pack_generate, name="pack-generate"),
    path("meetings/<int:pk>/pack/build-status/", builds.build_status, name="build-status"),
    path("meetings/<int:pk>/items/new/", agenda.item_create, name="item-create"),
    path("items/<int:pk>/edit/", agenda.item_edit, name="item-edit"),
    path("items/<int:pk>/move/", agenda.item_move, name="item-move"),
    path("items/<int:pk>/remove/", agenda.item_remove, name="item-remove"),
    path("items/<int:pk>/minutes/", agenda.item_minutes, name="item-minutes"),
    path("items/<int:pk>/attachment/", packs.item_attachment, name="item-attachment"),
    path("packs/<int:pk>/pack.pdf", packs.pack_download, name="pack-download"),
    path("packs/<int:pk>/print.pdf", packs.pack_download_print, name="pack-download-print"),
    path("packs/<int:pk>/publish/", packs.pack_publish, name="pack-publish"),
    path("meetings/<int:pk>/decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/<int:pk>/action/", decisions.decision_action, name="decision-action"),
    path("meetings/<int:pk>/questions/new/", questions.question_create, name="question-create"),
    path("questions/", questions.question_log, name="questions"),
    path("questions/<int:pk>/", questions.question_detail, name="question"),
    path("questions/<int:pk>/answer/", questions.question_answer, name="question-answer"),
    path("terms-of-reference/", board.terms, name="terms"),
    path("terms-of-reference/edit/", board.terms_edit, name="terms-edit"),
    path("members/", board.members, name="members"),
    path("members/new/", board.member_create, name="member-create"),
    path("members/<int:pk>/end/", board.member_end, name="member-end"),
    path("work-programme/", work_programme.work_programme, name="work-programme"),
    path("work-programme/new/", work_programme.work_programme_create, name="work-programme-create"),
    path("work-programme/<int:pk>/edit/", work_programme.work_programme_edit, name="work-programme-edit"),
    path(
        "work-programme/<int:pk>/remove/", work_programme.work_programme_delete, name="work-programme-delete"
    ),
    path("evaluation/", evaluation.evaluation, name="evaluation"),
    path("evaluation/pdf/", evaluation.evaluation_pdf, name="evaluation-pdf"),
]
