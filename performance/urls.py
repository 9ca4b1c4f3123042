from django.urls import path

from performance.views import catalogue, comparators, dashboard, imports, quarters, ssda903, targets

app_name = "performance"
urlpatterns = [
    # Board members and everyone who reads the figures
    path("", dashboard.dashboard, name="dashboard"),
    path("export.<str:fmt>", dashboard.dashboard_export, name="dashboard-export"),
    path("scorecard.pdf", dashboard.dashboard_pdf, name="dashboard-pdf"),
    path("indicators/<slug:code>/", dashboard.indicator_detail, name="indicator-detail"),
    path("figures/<int:pk>/", dashboard.value_detail, name="value-detail"),
    path("comparators/<int:pk>/", comparators.comparator_detail, name="comparator-detail"),
    # Officers: quarterly returns
    path("quarters/", quarters.quarter_list, name="quarter-list"),
    path("quarters/start/", quarters.quarter_start, name="quarter-start"),
    path("quarters/<int:year>/<int:quarter>/", quarters.quarter_edit, name="quarter-edit"),
    path("quarters/<int:year>/<int:quarter>/check/", quarters.quarter_check, name="quarter-check"),
    path("quarters/<int:year>/<int:quarter>/sign-off/", quarters.quarter_signoff, name="quarter-signoff"),
    path(
        "quarters/<int:year>/<int:quarter>/send-back/", quarters.quarter_send_back, name="quarter-send-back"
    ),
    path("quarters/<int:year>/<int:quarter>/import/", imports.quarter_import, name="quarter-import"),
    path("figures/<int:pk>/revise/", quarters.value_revise, name="value-revise"),
    path("import-template.<str:fmt>", imports.import_template, name="import-template"),
    # Officers: figures computed from the council's SSDA903 extract
    path("ssda903/", ssda903.ssda903_upload, name="ssda903-upload"),
    path("ssda903/<int:pk>/", ssda903.ssda903_detail, name="ssda903-detail"),
    # Officers: the catalogue, targets and comparators
    path("catalogue/", catalogue.indicator_list, name="indicator-list"),
    path("catalogue/add/", catalogue.indicator_create, name="indicator-create"),
    path("catalogue/<slug:code>/edit/", catalogue.indicator_edit, name="indicator-edit"),
    path(
        "catalogue/<slug:code>/comparators/<int:year>/", comparators.comparator_edit, name="comparator-edit"
    ),
    path("targets/<int:year>/", targets.target_edit, name="target-edit"),
    path("targets-and-comparators/import/", imports.benchmark_import, name="benchmark-import"),
    path("targets-and-comparators/template.<str:fmt>", imports.benchmark_template, name="benchmark-template"),
    path("comparators/load-dfe/", comparators.dfe_load, name="dfe-load"),
    path(
        "comparators/published-differences/", comparators.published_differences, name="published-differences"
    ),
    path(
        "comparators/published-differences/<int:pk>/",
        comparators.published_difference_decide,
        name="published-difference-decide",
    ),
]
