from django.urls import path

from pledge.views import answering, codes, surveys

app_name = "pledge"

urlpatterns = [
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
]
