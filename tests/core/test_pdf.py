"""PDFs: one WeasyPrint call, whose URL fetcher serves project static files and data: URIs and nothing else."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
import weasyprint

from cpboard.core.pdf import StaticOnlyFetcher, render_pdf, render_template_pdf
from tests.security.support import REPO

TINY_PNG = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5E"
    "rkJggg=="
)


@pytest.fixture
def secret_file(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("SECRET-CANARY-7f3a9c1e-do-not-leak\n")
    return path


def hostile_markup(secret: Path) -> str:
    return (
        "<script>document.write('x')</script>"
        '<img src="file:///etc/hostname">'
        '<link rel=attachment href="file:///etc/passwd">'
        f'<link rel=attachment href="file://{secret}">'
        f'<img src="file://{secret}">'
        '<div style="background: url(http://127.0.0.1:9/)">background</div>'
        "<style>@import url(http://127.0.0.1:9/x.css); p { background: url(http://127.0.0.1:9/) }</style>"
        '<link rel=stylesheet href="/static/../../cpboard/settings.py">'
        '<link rel=stylesheet href="/static/%2e%2e/%2e%2e/etc/passwd">'
        '<iframe src="http://127.0.0.1:9/"></iframe><object data="file:///etc/passwd"></object>'
    )


@pytest.fixture
def pdf_templates(settings, tmp_path):
    """A page template extending layouts/print.html, as apps' pack sections will."""
    (tmp_path / "page.html").write_text(
        '{% extends "layouts/print.html" %}{% block content %}<h1>Board pack</h1>'
        "<p>{{ free_text }}</p>{% endblock %}"
    )
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], tmp_path]
    settings.TEMPLATES = templates
    return "page.html"


def read(pdf: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def assert_nothing_leaked(pdf: bytes, fetcher: StaticOnlyFetcher, secret: Path):
    reader, text = read(pdf)
    assert dict(reader.attachments) == {}
    raw = pdf + text.encode()
    assert b"SECRET-CANARY" not in raw
    assert b"root:x:0:0" not in raw
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").exists() else b""
    if len(hostname) >= 8:  # shorter names could turn up in compressed bytes by chance
        assert hostname not in raw
    for record in fetcher.served:
        assert record.url.startswith(("https://cpboard.invalid/static/", "data:")), record
    served_static = [r.url for r in fetcher.served if not r.url.startswith("data:")]
    assert all(url.endswith(".css") for url in served_static)


def test_weasyprint_is_version_70_or_later():
    major, minor = (int(part) for part in weasyprint.__version__.split(".")[:2])
    assert (major, minor) >= (70, 0)


@pytest.mark.django_db
def test_free_text_in_a_template_is_shown_as_text_and_fetches_nothing(pdf_templates, secret_file):
    from django.template.loader import render_to_string

    from cpboard.core.pdf import print_context

    free_text = hostile_markup(secret_file)
    html = render_to_string(pdf_templates, {**print_context(), "free_text": free_text})
    assert "&lt;script&gt;" in html
    assert "<script>" not in html
    assert '<img src="file:' not in html

    fetcher = StaticOnlyFetcher()
    pdf = render_template_pdf(pdf_templates, {"free_text": free_text}, url_fetcher=fetcher)

    _, text = read(pdf)
    assert "<script>document.write('x')</script>" in text.replace("\n", "")
    assert_nothing_leaked(pdf, fetcher, secret_file)
    assert [r.url for r in fetcher.requests] == ["https://cpboard.invalid/static/css/print.css"]


def test_the_fetcher_itself_refuses_files_networks_and_escapes_from_the_static_tree(secret_file):
    fetcher = StaticOnlyFetcher()
    html = f"<html><body><p>Raw</p><img src='{TINY_PNG}'>{hostile_markup(secret_file)}</body></html>"

    pdf = render_pdf(html, url_fetcher=fetcher)

    assert_nothing_leaked(pdf, fetcher, secret_file)
    refused = {r.url for r in fetcher.refused}
    assert "file:///etc/hostname" in refused
    assert "file:///etc/passwd" in refused
    assert f"file://{secret_file}" in refused
    assert "http://127.0.0.1:9/" in refused
    assert any("settings.py" in url for url in refused)
    assert [r.reason for r in fetcher.served] == ["data URI"]


def test_the_fetcher_never_serves_anything_outside_the_static_tree():
    fetcher = StaticOnlyFetcher()
    for url in [
        "https://cpboard.invalid/static/../manage.py",
        "https://cpboard.invalid/static/%2e%2e/manage.py",
        "https://cpboard.invalid/static/css/../../manage.py",
        "https://cpboard.invalid/static//etc/passwd",
        "https://cpboard.invalid/static/css/print.css%00.png",
        "https://cpboard.invalid/manage.py",
        "https://example.com/static/css/print.css",
        "http://cpboard.invalid/static/css/print.css",
        "file:///work/main/static/css/print.css",
        "ftp://cpboard.invalid/static/css/print.css",
    ]:
        with pytest.raises(ValueError, match="only project static files"):
            fetcher.fetch(url)
    assert fetcher.served == []


def test_the_fetcher_serves_project_static_files():
    response = StaticOnlyFetcher().fetch("https://cpboard.invalid/static/css/print.css")
    assert response.read() == (REPO / "static" / "css" / "print.css").read_bytes()
    assert response.content_type == "text/css"


def test_the_print_layout_shows_the_council_marking_and_page_numbers(pdf_templates, settings):
    settings.COUNCIL_NAME = "Thistledon Council"
    settings.PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"
    long_text = "Children in care told us what matters. " * 400

    pdf = render_template_pdf(pdf_templates, {"free_text": long_text})

    reader, _ = read(pdf)
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "Thistledon Council" in text
        assert text.count("OFFICIAL-SENSITIVE") >= 2  # header and footer
        assert f"Page {number} of {len(reader.pages)}" in text
