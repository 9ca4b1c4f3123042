from django.urls import path

from pledge.views import children, findings, pledge, readability

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
]
