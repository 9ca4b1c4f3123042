from django.urls import path

from cpboard.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:app_label>/<str:model_name>/<int:pk>/", views.record_history, name="record-history"),
    path("files/<uuid:uuid>/", views.stored_file_download, name="file-download"),
]
