from django.urls import path

from pledge.views import answering, children, codes, findings, messages, pledge, readability, results, surveys

app_name = "pledge"
urlpatterns = [
    # The pledge as the board reads it, and its earlier versions
    path("", pledge.pledge_detail, name="pledge"),
    path("versions/", pledge.version_list, name="version-list"),
    path("versions/<int:number>/", pledge.version_detail, name="version-detail"),
    # Officers: writing and publishing the next version
    path("draft/", pledge.draft_edit, name="draft"),
    path("draft/start/", pledge.draft_start, name="draft-start"),
    path("draft/publish/", pledge.draft_publish, name="draft-publish"),
    path("draft/promises/add/", pledge.promise_create, name="promise-create"),
    path("draft/promises/<int:pk>/", pledge.promise_edit, name="promise-edit"),
    path("draft/promises/<int:pk>/move/", pledge.promise_move, name="promise-move"),
    path("draft/promises/<int:pk>/remove/", pledge.promise_delete, name="promise-delete"),
    path(
        "draft/promises/<int:promise_pk>/commitments/add/", pledge.commitment_create, name="commitment-create"
    ),
    path("draft/commitments/<int:pk>/", pledge.commitment_edit, name="commitment-edit"),
    path("draft/commitments/<int:pk>/move/", pledge.commitment_move, name="commitment-move"),
    path("draft/commitments/<int:pk>/remove/", pledge.commitment_delete, name="commitment-delete"),
    path("reading-age/", readability.reading_age, name="reading-age"),
    # "You said, we did": the board's responses to what children said
    path("findings/", findings.finding_list, name="finding-list"),
    path("findings/survey-<int:survey_pk>/add/", findings.finding_create, name="finding-create"),
    path("findings/<int:pk>/", findings.finding_edit, name="finding-edit"),
    # What children read (Children in Care Council members, and everyone who reads the pledge)
    path("for-you/", children.young_home, name="young-home"),
    path("our-promise/", children.children_pledge, name="children-pledge"),
    path("our-promise.pdf", children.children_pledge_pdf, name="children-pledge-pdf"),
    path("you-said-we-did/", children.you_said_we_did_page, name="you-said-we-did"),
    path("you-said-we-did.pdf", children.you_said_we_did_pdf, name="you-said-we-did-pdf"),
    # Officers: building surveys, translations, access codes
    path("surveys/", surveys.survey_list, name="survey-list"),
    path("surveys/new/", surveys.survey_create, name="survey-create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey-detail"),
    path("surveys/<int:pk>/edit/", surveys.survey_edit, name="survey-edit"),
    path("surveys/<int:pk>/questions/new/", surveys.question_create, name="question-create"),
    path("surveys/<int:pk>/questions/<int:question_pk>/", surveys.question_edit, name="question-edit"),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/retire/",
        surveys.question_retire,
        name="question-retire",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/remove/",
        surveys.question_delete,
        name="question-delete",
    ),
    path("surveys/<int:pk>/bands/<str:band>/", surveys.version_edit, name="version-edit"),
    path("surveys/<int:pk>/translations/<str:language>/", surveys.translation_list, name="translation-list"),
    path(
        "surveys/<int:pk>/translations/<str:language>/<str:what>/<int:item>/",
        surveys.translation_edit,
        name="translation-edit",
    ),
    path("surveys/<int:pk>/codes/new/", codes.batch_create, name="batch-create"),
    path("codes/<int:pk>/", codes.batch_detail, name="batch-detail"),
    path("codes/<int:pk>/slips.pdf", codes.batch_pdf, name="batch-pdf"),
    path("codes/void/<int:pk>/", codes.code_void, name="code-void"),
    # Children and young people answering
    path("survey/", answering.survey_code, name="survey-code"),
    path("survey/my-account/", answering.survey_start_account, name="survey-start-account"),
    path("survey/about-you/", answering.survey_about, name="survey-about"),
    path("survey/start/", answering.survey_start, name="survey-start"),
    path("survey/question/<int:number>/", answering.survey_question, name="survey-question"),
    path("survey/check/", answering.survey_check, name="survey-check"),
    path("survey/sent/", answering.survey_done, name="survey-done"),
    # Survey results: board members and officers (C)
    path("results/", results.results_list, name="results-list"),
    path("results/<int:pk>/", results.results_detail, name="results"),
    path("results/<int:pk>/export.<str:fmt>", results.results_export, name="results-export"),
    path("results/<int:pk>/results.pdf", results.results_pdf, name="results-pdf"),
    # Children's messages: officers check them before the board sees them (C)
    path("messages/", messages.message_list, name="message-list"),
    path("messages/<int:pk>/", messages.message_detail, name="message-detail"),
]
