from django.urls import path

from cpboard.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.record_history, name="record-history"),
    path("files/<uuid:uuid>/", views.stored_file_download, name="file-download"),
    # Public: no data, and people read them before signing in (the footer links to them from every page).
    path("glossary/", views.glossary, name="glossary"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("help/", views.help_page, name="help"),
]
