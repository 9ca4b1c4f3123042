from django.urls import path

from training.views import catalogue, compliance, imports, sessions

app_name = "training"
urlpatterns = [
    path("", compliance.compliance, name="compliance"),
    path("compliance.<str:fmt>", compliance.compliance_export, name="compliance-export"),
    path("compliance-pdf/", compliance.compliance_pdf, name="compliance-pdf"),
    path("mine/", compliance.my_training, name="my-training"),
    path("people/<int:pk>/", compliance.person_record, name="person"),
    path("courses/", catalogue.course_list, name="course-list"),
    path("courses/add/", catalogue.course_create, name="course-create"),
    path("courses/<slug:code>/", catalogue.course_edit, name="course-edit"),
    path("courses/<slug:code>/remove/", catalogue.course_delete, name="course-delete"),
    path("courses/<slug:code>/retire/", catalogue.course_retire, name="course-retire"),
    path("sessions/", sessions.session_list, name="session-list"),
    path("sessions/add/", sessions.session_create, name="session-create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session-detail"),
    path("sessions/<int:pk>/edit/", sessions.session_edit, name="session-edit"),
    path("records/add/", sessions.record_create, name="record-create"),
    path("records/<int:pk>/", sessions.record_edit, name="record-edit"),
    path("records/<int:pk>/remove/", sessions.record_delete, name="record-delete"),
    path("import/", imports.attendance_import, name="import"),
    path("import/template.<str:fmt>", imports.import_template, name="import-template"),
]
