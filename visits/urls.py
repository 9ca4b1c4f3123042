from django.urls import path

from visits.views import actions, board, homes, reports, rota

app_name = "visits"
urlpatterns = [
    path("", board.compliance, name="compliance"),
    path("compliance.<str:fmt>", board.compliance_export, name="compliance-export"),
    path("summary/", board.summary, name="summary"),
    path("summary/pdf/", board.summary_pdf, name="summary-pdf"),
    path("homes/", homes.home_list, name="home-list"),
    path("homes/add/", homes.home_create, name="home-create"),
    path("homes/<int:pk>/", homes.home_detail, name="home-detail"),
    path("homes/<int:pk>/edit/", homes.home_edit, name="home-edit"),
    path("homes/<int:pk>/reviews/add/", homes.review_create, name="review-create"),
    path("rota/", rota.rota, name="rota"),
    path("rota/add/", rota.rota_create, name="rota-create"),
    path("rota/<int:pk>/", rota.rota_edit, name="rota-edit"),
    path("mine/", rota.my_visits, name="my-visits"),
    path("declarations/", rota.declaration_list, name="declaration-list"),
    path("declarations/add/", rota.declaration_create, name="declaration-create"),
    path("<int:pk>/", reports.visit_detail, name="visit-detail"),
    path("<int:pk>/report/", reports.report_edit, name="report-edit"),
    path("<int:pk>/acknowledge/", reports.report_acknowledge, name="report-acknowledge"),
    path("<int:pk>/print/", reports.report_print, name="report-print"),
    path("<int:pk>/pdf/", reports.report_pdf, name="report-pdf"),
    path("<int:pk>/actions/add/", actions.action_create, name="action-create"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<int:pk>/respond/", actions.action_respond, name="action-respond"),
    path("actions/<int:pk>/update/", actions.action_update, name="action-update"),
    path("actions/<int:pk>/raise/", actions.action_raise, name="action-raise"),
]
