"""Hardened deployment: security headers on every response, and production settings that pass check --deploy."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.security.support import REPO, production_env, run_manage, run_python


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["accounts:login", "core:home", "accounts:person-list"])
def test_pages_carry_a_strict_content_security_policy(client, client_as, admin_user, url_name):
    if url_name != "accounts:login":
        client = client_as(admin_user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_carry_the_other_security_headers(client_as, officer):
    response = client_as(officer).get(reverse("core:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "kwargs"),
    [("core:home", {}), ("performance:dashboard", {}), ("performance:dashboard-export", {"fmt": "csv"})],
)
def test_pages_with_data_are_never_stored_by_browsers_or_proxies(client_as, officer, url_name, kwargs):
    response = client_as(officer).get(reverse(url_name, kwargs=kwargs))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_signed_in_pages_have_no_store_even_on_redirects(client, officer):
    client.force_login(officer)  # no second factor yet: redirected to set one up
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


TEMPLATE_DIRS = [
    REPO / "templates",
    *sorted(REPO.glob("*/templates")),
    *sorted(REPO.glob("cpboard/*/templates")),
]


def _templates() -> list[Path]:
    return [path for directory in TEMPLATE_DIRS for path in sorted(directory.rglob("*.html"))]


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    """The CSP would block them in the browser; this finds them before a person does."""
    problems = []
    for path in _templates():
        text = path.read_text()
        for match in re.finditer(r"<script\b[^>]*>", text, flags=re.IGNORECASE):
            if "src=" not in match.group(0):
                problems.append(f"{path.relative_to(REPO)}: inline <script>")
        if re.search(r"<style\b", text, flags=re.IGNORECASE):
            problems.append(f"{path.relative_to(REPO)}: <style> element")
        if re.search(r"\sstyle\s*=", text, flags=re.IGNORECASE):
            problems.append(f"{path.relative_to(REPO)}: style= attribute")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text, flags=re.IGNORECASE):
            problems.append(f"{path.relative_to(REPO)}: on…= event handler")
    assert _templates(), "no templates found"
    assert problems == []


def test_production_settings_pass_djangos_deployment_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("secret_key", ["", "too-short"])
def test_production_will_not_start_without_a_real_secret_key(secret_key):
    result = run_manage("check", env=production_env(SECRET_KEY=secret_key))
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_will_not_start_without_the_councils_la_code():
    # Locally it defaults to 813 for the demo; in production a forgotten code must not give a real council's.
    result = run_manage("check", env=production_env(CPBOARD_LA_CODE=""))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "cpboard will not start in production: CPBOARD_LA_CODE is not set: give the council's DfE "
        "local-authority code (e.g. 813), so its own published figures are loaded and never another council's."
    ]


@pytest.mark.django_db
def test_the_sign_in_page_is_not_stored_either(client):
    assert "no-store" in client.get(reverse("accounts:login"))["Cache-Control"]


PRODUCTION_REQUEST = """
import json, django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("collectstatic", "--noinput", verbosity=0)  # production serves static files from a manifest
client = Client()
secure = client.get("/account/sign-in/", secure=True, HTTP_HOST="cpboard.example.gov.uk")
plain = client.get("/account/sign-in/", HTTP_HOST="cpboard.example.gov.uk")
print(json.dumps({"secure": dict(secure.headers), "plain_status": plain.status_code,
                  "plain_location": plain.get("Location", "")}))
"""


def test_production_responses_carry_hsts_for_a_year_and_plain_http_is_redirected(tmp_path):
    result = run_python(PRODUCTION_REQUEST, env=production_env(CPBOARD_STATIC_ROOT=str(tmp_path)))
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    hsts = seen["secure"]["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= 365 * 24 * 60 * 60
    assert "includeSubDomains" in hsts
    assert "object-src 'none'" in seen["secure"]["Content-Security-Policy"]
    assert seen["plain_status"] == 301
    assert seen["plain_location"].startswith("https://")


def test_production_cookies_are_secure_and_http_only():
    result = run_python(
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.DEBUG)",
        env=production_env(),
    )
    assert result.stdout.split() == ["True", "True", "True", "False"], result.stderr


SWITCHED_OFF = ["camera", "microphone", "geolocation", "payment", "usb", "display-capture"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/account/sign-in/", "/", "/healthz", "/readyz", "/no-such-page/", "/static/css/cpboard.css"]
)
def test_every_response_switches_off_the_browser_features_no_page_uses(client_as, officer, path):
    response = client_as(officer).get(path)
    assert response.status_code in {200, 302, 404}
    policy = dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))
    for feature in SWITCHED_OFF:
        assert policy[feature] == "()", feature


def test_a_secret_key_of_few_distinct_characters_is_refused_however_the_app_starts():
    # Django's deployment check (security.W009) says so too, but a WSGI server never runs the checks.
    result = run_python("import cpboard.wsgi", env=production_env(SECRET_KEY="a" * 64))
    assert result.returncode != 0
    assert "SECRET_KEY must be a random value" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        (
            {"CPBOARD_ENVIRONMENT": "staging"},
            "CPBOARD_ENVIRONMENT must be 'local' or 'production', not 'staging'",
        ),
        ({"CPBOARD_UPLOAD_STORAGE": "ftp"}, "CPBOARD_UPLOAD_STORAGE must be 'local' or 's3', not 'ftp'"),
    ],
)
def test_a_setting_with_an_unknown_value_is_one_line_not_a_traceback(setting, said):
    result = run_manage("check", env=production_env(**setting))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [f"cpboard will not start: {said}."]


def test_with_the_proxy_redirecting_plain_http_the_deployment_checks_pass():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env=production_env(CPBOARD_SSL_REDIRECT="false")
    )
    assert result.returncode == 0, result.stderr
