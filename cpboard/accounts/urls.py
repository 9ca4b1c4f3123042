from django.urls import path

from cpboard.accounts import directory, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("verify/", views.mfa_verify, name="mfa-verify"),
    path("set-up-authenticator/", views.mfa_setup, name="mfa-setup"),
    path("people/", views.person_list, name="person-list"),
    path("people/add/", views.person_create, name="person-create"),
    path("people/<int:pk>/", views.person_detail, name="person-detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/reset-authenticator/", views.person_mfa_reset, name="person-mfa-reset"),
    path("people/<int:pk>/reset-password/", views.person_password_reset, name="person-password-reset"),
    path("set-password/<uidb64>/<token>/", views.set_password, name="password-set"),
    path("directory/", directory.directory, name="directory"),
    path("directory/add/", directory.directory_create, name="directory-create"),
    path("directory/<int:pk>/", directory.directory_detail, name="directory-detail"),
    path("directory/<int:pk>/edit/", directory.directory_edit, name="directory-edit"),
    path("directory/<int:pk>/account/", directory.directory_account, name="directory-account"),
    path("directory/<int:pk>/appointments/add/", directory.appointment_create, name="appointment-create"),
    path("directory/appointments/<int:pk>/", directory.appointment_edit, name="appointment-edit"),
    path("security-log/", views.security_log, name="security-log"),
]
