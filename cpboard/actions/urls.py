from django.urls import path

from cpboard.actions.views import imports, plan, scrutiny

app_name = "actions"
urlpatterns = [
    path("", plan.plan, name="plan"),
    path("plan.<str:fmt>", plan.plan_export, name="plan-export"),
    path("plan-pdf/", plan.plan_pdf, name="plan-pdf"),
    path("mine/", plan.my_actions, name="my-actions"),
    path("themes/add/", plan.theme_create, name="theme-create"),
    path("themes/<int:pk>/", plan.theme_edit, name="theme-edit"),
    path("objectives/add/", plan.objective_create, name="objective-create"),
    path("objectives/<int:pk>/", plan.objective_edit, name="objective-edit"),
    path("actions/add/", plan.action_create, name="action-create"),
    path("actions/<int:pk>/", plan.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", plan.action_edit, name="action-edit"),
    path("actions/<int:pk>/update/", plan.update_post, name="update-post"),
    path("actions/<int:pk>/sources/add/", plan.source_add, name="source-add"),
    path("sources/<int:pk>/remove/", plan.source_remove, name="source-remove"),
    path("import/", imports.plan_import, name="import"),
    path("import/template.<str:fmt>", imports.import_template, name="import-template"),
    path("scrutiny/", scrutiny.review_list, name="review-list"),
    path("scrutiny/add/", scrutiny.review_create, name="review-create"),
    path("scrutiny/<int:pk>/", scrutiny.review_detail, name="review-detail"),
    path("scrutiny/<int:pk>/edit/", scrutiny.review_edit, name="review-edit"),
    path(
        "scrutiny/<int:pk>/recommendations/add/", scrutiny.recommendation_create, name="recommendation-create"
    ),
    path("recommendations/<int:pk>/", scrutiny.recommendation_detail, name="recommendation-detail"),
    path("recommendations/<int:pk>/edit/", scrutiny.recommendation_edit, name="recommendation-edit"),
    path("recommendations/<int:pk>/commentary/", scrutiny.commentary_add, name="commentary-add"),
    path("tracker/", scrutiny.tracker, name="tracker"),
    path("revisits/", scrutiny.revisits, name="revisits"),
]
