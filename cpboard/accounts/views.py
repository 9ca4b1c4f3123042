from __future__ import annotations

import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from cpboard.accounts.forms import CodeForm, NewPasswordForm, PersonForm, SignInForm
from cpboard.accounts.lockout import address_is_paused
from cpboard.accounts.models import User, leaves_no_administrator
from cpboard.core.locking import StaleEdit, save_audited, save_versioned
from cpboard.core.models import SecurityEvent
from cpboard.core.ratelimit import rate_limited
from cpboard.core.roles import ADMINISTRATOR
from cpboard.core.security_log import record_event

LOCKED_OUT_MESSAGE = (
    "Too many failed attempts to sign in. For your security, signing in from here is paused for a while. "
    "Try again later, or ask your administrator for help."
)


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if address_is_paused(request):  # password spraying: refused before any password is checked
            return locked_out(request)
        return super().post(request, *args, **kwargs)


sign_in = login_not_required(SignInView.as_view())


@login_not_required
def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    form = SignInForm(request, initial={"username": request.POST.get("username", "")[:150]})
    return render(
        request, "accounts/login.html", {"form": form, "locked_out_message": LOCKED_OUT_MESSAGE}, status=429
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponseBase:
    return auth_views.LogoutView.as_view()(request)


MFA_THROTTLED_MESSAGE = (
    "You have entered too many wrong codes. Wait a minute, then enter the current code from your app."
)


def mfa_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():  # type: ignore[union-attr]  # added by django_otp's OTPMiddleware
        return redirect(settings.LOGIN_REDIRECT_URL)
    if not user_has_device(request.user):
        return redirect("accounts:mfa-setup")
    form = CodeForm(request.POST or None)
    form.submit_label = "Continue"
    if form.is_valid():
        device, throttled = _match_code(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session key once the second factor is proven
            if isinstance(device, StaticDevice):
                record_event(request, SecurityEvent.Kind.BACKUP_CODE_USED)
                left = device.token_set.count()
                messages.warning(request, f"You used a backup code. You have {left} left.")
            return redirect(settings.LOGIN_REDIRECT_URL)
        record_event(request, SecurityEvent.Kind.MFA_FAILED)
        form.add_error(
            "code",
            MFA_THROTTLED_MESSAGE
            if throttled
            else "That code is not right, or has already been used. Enter the current code from your app.",
        )
    return render(request, "accounts/mfa_verify.html", {"form": form})


def _match_code(user, code: str) -> tuple[TOTPDevice | StaticDevice | None, bool]:
    """(device, throttled). A 6-digit code is checked against the authenticator app: each code is accepted
    once only (django-otp remembers the last time step used). Anything else is checked against the
    single-use backup codes, which are deleted as they are used. Both kinds of device slow down repeated
    wrong guesses (django-otp throttling)."""
    if code.isdigit() and len(code) == 6:
        devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    else:
        devices = StaticDevice.objects.devices_for_user(user, confirmed=True)
    throttled = False
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        if device.verify_token(code):
            return device, False
    return None, throttled


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [secrets.token_hex(4) for _ in range(10)]
    for code in codes:
        device.token_set.create(token=code)
    return codes


def mfa_setup(request: HttpRequest) -> HttpResponse:
    if user_has_device(request.user):
        return redirect("accounts:mfa-verify")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None)
    form.fields["code"].help_text = "The 6-digit code your authenticator app shows after you add the account."
    if form.is_valid():
        code = form.cleaned_data["code"]
        if code.isdigit() and device.verify_token(code):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                codes = _new_backup_codes(request.user)
            otp_login(request, device)
            request.session.cycle_key()
            record_event(request, SecurityEvent.Kind.MFA_SET_UP)
            return render(request, "accounts/mfa_backup_codes.html", {"codes": codes})
        form.add_error(
            "code",
            "That code is not right. Check the time on your phone is correct and enter the current code.",
        )
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/mfa_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=5, dark="#0b0c0c"),
            "secret": _base32(device),
            "issuer": settings.OTP_TOTP_ISSUER,
        },
    )


def _base32(device: TOTPDevice) -> str:
    import base64

    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


# --- People and roles (administrators)


@permission_required("accounts.view_user", raise_exception=True)
def person_list(request: HttpRequest) -> HttpResponse:
    from django.db.models import Value
    from django.db.models.functions import Coalesce, NullIf

    # Someone with one name only sorts by that name, among the others' last names.
    people = (
        User.objects.prefetch_related("groups")
        .annotate(sort_name=Coalesce(NullIf("last_name", Value("")), "first_name"))
        .order_by("sort_name", "first_name", "username")
    )
    query = request.GET.get("q", "").strip()
    if query:
        from django.db.models import Q

        people = people.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(username__icontains=query)
        )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/person_list.html", {"page": page, "query": query})


@permission_required("accounts.view_user", raise_exception=True)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User.objects.prefetch_related("groups"), pk=pk)
    return render(
        request,
        "accounts/person_detail.html",
        {"person": person, "has_device": user_has_device(person)},
    )


PERSON_ADDED = "Added"


@permission_required("accounts.add_user", raise_exception=True)
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None)
    form.submit_label = "Add person"
    conflict = None
    if form.is_valid():
        password = secrets.token_urlsafe(12)
        person = form.save(commit=False)
        person.set_password(password)
        try:
            save_audited(person, by=request.user, reason=PERSON_ADDED)
        except StaleEdit as stale:  # someone added this username a moment ago
            stale.mark(form, on="username")
            conflict = stale
        else:
            form.save_m2m()
            # Shown on this page only: never put in a message (messages may travel in a cookie) or a log.
            return render(request, "accounts/person_created.html", {"person": person, "password": password})
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("accounts.change_user", raise_exception=True)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    was_active = person.is_active
    form = PersonForm(request.POST or None, instance=person)
    conflict = None
    if form.is_valid() and not _refuse_removing_last_administrator(request, form, person):
        try:
            if was_active and not form.cleaned_data["is_active"]:
                form.instance.deactivated_at = timezone.now()
            elif not was_active and form.cleaned_data["is_active"]:
                form.instance.deactivated_at = None
            person = save_versioned(form, by=request.user)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            if was_active != person.is_active:
                kind = SecurityEvent.Kind.REACTIVATED if person.is_active else SecurityEvent.Kind.DEACTIVATED
                record_event(request, kind, subject=person)
            messages.success(request, f"Changes to {person} saved.")
            return redirect(person)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "person": person, "conflict": conflict},
        status=409 if conflict else 200,
    )


ONLY_ADMINISTRATOR_YOU = "You are the only administrator: give someone else the Administrator role first."
ONLY_ADMINISTRATOR = "{person} is the only administrator: give someone else the Administrator role first."


def _refuse_removing_last_administrator(request: HttpRequest, form: PersonForm, person: User) -> bool:
    """If the form would leave no active administrator, put the error next to the field that does it."""
    stays_active = form.cleaned_data["is_active"]
    keeps_role = ADMINISTRATOR in form.cleaned_data.get("roles", [])
    if not leaves_no_administrator(person, active=stays_active, administrator=keeps_role):
        return False
    message = (
        ONLY_ADMINISTRATOR_YOU if person.pk == request.user.pk else ONLY_ADMINISTRATOR.format(person=person)
    )
    if not keeps_role:
        form.add_error("roles", message)
    if not stays_active:
        form.add_error("is_active", message)
    return True


@require_POST
@permission_required("accounts.reset_mfa", raise_exception=True)
def person_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    record_event(request, SecurityEvent.Kind.MFA_RESET, subject=person)
    messages.success(
        request,
        f"{person}'s authenticator has been reset. They will set up a new one when they next sign in.",
    )
    return redirect(person)


PASSWORD_RESET = "Password reset by an administrator"
PASSWORD_SET = "Password set with a one-time link"


@require_POST
@permission_required("accounts.change_user", raise_exception=True)
def person_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's password stops working now; the administrator is shown, once, a link with which the
    person sets a new one. The link works once (it is signed over the password, which changes when it is
    used or when another reset is made) and only for CPBOARD_PASSWORD_LINK_HOURS."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    person = get_object_or_404(User, pk=pk)
    if not person.is_active:
        messages.error(
            request, f'{person} cannot sign in. Tick "Can sign in" first, then reset their password.'
        )
        return redirect(person)
    person.set_unusable_password()
    save_audited(person, by=request.user, reason=PASSWORD_RESET)
    path = reverse(
        "accounts:password-set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    record_event(request, SecurityEvent.Kind.PASSWORD_RESET_LINK, subject=person)
    # Shown on this page only: never put in a message (messages may travel in a cookie) or a log.
    return render(
        request,
        "accounts/password_link.html",
        {"person": person, "link": request.build_absolute_uri(path), "hours": settings.PASSWORD_LINK_HOURS},
    )


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The page the one-time link opens. Public (the person cannot sign in yet); Django's view moves the
    token from the address into the session before showing the form, so it does not linger in the address
    bar or history. Setting the password signs nobody in: the person signs in as usual, with their
    authenticator."""

    template_name = "accounts/password_set.html"
    form_class = NewPasswordForm
    post_reset_login = False

    def form_valid(self, form):
        person = form.save(commit=False)
        save_audited(person, by=person, reason=PASSWORD_SET)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        record_event(self.request, SecurityEvent.Kind.PASSWORD_SET, user=person, subject=person)
        return render(self.request, "accounts/password_set_done.html", {"person": person})


# Each address may open or post set-password links 20 times in 10 minutes.
set_password = login_not_required(
    rate_limited("set-password", limit=20, window_seconds=600, methods=("GET", "POST"))(
        SetPasswordView.as_view()
    )
)


@permission_required("core.view_securityevent", raise_exception=True)
def security_log(request: HttpRequest) -> HttpResponse:
    events = SecurityEvent.objects.select_related("user", "subject")
    kind = request.GET.get("kind", "")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/security_log.html",
        {"page": page, "kinds": SecurityEvent.Kind.choices, "kind": kind},
    )
