"""WeasyPrint is loaded when the application is (cpboard/wsgi.py, the gunicorn master with preload_app), before
gc.freeze(), so no worker's first PDF pays for it; manage.py commands never load it."""

from __future__ import annotations

from tests.security.support import run_manage, run_python

LOADED = (
    "import gc, sys; import cpboard.wsgi; import cpboard.core.pdf as pdf; "
    "print('weasyprint' in sys.modules, gc.get_freeze_count() > 0, pdf.warmed_up is not None)"
)


def test_serving_loads_weasyprint_and_warms_it_before_the_freeze():
    result = run_python(LOADED, env={})
    assert result.stdout.split() == ["True", "True", "True"], result.stderr


def test_the_warm_up_can_be_switched_off():
    code = (
        "import gc, sys; import cpboard.wsgi; print('weasyprint' in sys.modules, gc.get_freeze_count() > 0)"
    )
    result = run_python(code, env={"CPBOARD_PDF_WARMUP": "false"})
    assert result.stdout.split() == ["False", "True"], result.stderr


def test_manage_py_commands_do_not_load_weasyprint():
    result = run_manage("shell", "-c", "import sys; print('weasyprint' in sys.modules)", env={})
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_a_warm_up_that_fails_does_not_stop_start_up():
    """In production without collected static files (no manifest), the warm-up is skipped, not fatal."""
    code = (
        "from unittest import mock; import cpboard.core.pdf as pdf; "
        "mock.patch.object(pdf, 'render_pdf', side_effect=OSError('no fonts')).start(); "
        "print(pdf.warm_up())"
    )
    result = run_python("import django; django.setup(); " + code, env={})
    assert result.stdout.strip() == "None" and "PDF warm-up skipped (OSError: no fonts)" in result.stderr


def test_production_keeps_database_connections_for_a_minute_by_default():
    from tests.security.support import production_env

    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    assert run_python(code, env=production_env()).stdout.split() == ["60", "True"]
    assert run_python(code, env=production_env(CPBOARD_CONN_MAX_AGE="5")).stdout.split() == ["5", "True"]
    assert run_python(code, env={}).stdout.split() == ["0", "True"]  # locally: tests, manage.py
