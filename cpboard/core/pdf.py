"""The project's only WeasyPrint call: HTML in, PDF bytes out.

WeasyPrint fetches whatever a document points at (stylesheets, images, `<link rel=attachment>` files,
`url()` in CSS) through a URL fetcher. Ours is deny-by-default: it serves the project's own static files
(found by Django's staticfiles finders, or in STATIC_ROOT, never outside them) and `data:` URIs, and
refuses everything else: `file://`, `http(s)://` (so no server-side request forgery), any other scheme,
and any path that tries to climb out of the static tree. Every request and its outcome is recorded on the
fetcher (`fetcher.requests`) so tests can prove nothing else was served.

    pdf = render_template_pdf("board/pack_print.html", {"meeting": meeting})   # extends layouts/print.html
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from cpboard.core import disclosure

logger = logging.getLogger(__name__)

# Relative links (`{% static %}` gives "/static/...") are resolved against this base. The .invalid top-level
# domain never resolves (RFC 2606), so nothing here can reach the network even by mistake.
BASE_URL = "https://cpboard.invalid/"


class FetchRefused(ValueError):
    """WeasyPrint catches this, logs a warning and leaves the resource out."""


@dataclass(frozen=True)
class FetchRecord:
    url: str
    served: bool
    reason: str


def _static_file(url: str) -> Path | None:
    """The file under the static tree that `url` names, or None."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        return None
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not parts.path.startswith(static_prefix):
        return None
    relative = unquote(parts.path[len(static_prefix) :])
    normalised = posixpath.normpath(relative)
    if not relative or normalised.startswith(("../", "/")) or normalised == ".." or "\x00" in relative:
        return None
    try:
        found = finders.find(normalised)
        if found:
            return Path(found)
        if settings.STATIC_ROOT:  # production: collected (and hashed) files
            candidate = Path(safe_join(str(settings.STATIC_ROOT), normalised))
            if candidate.is_file():
                return candidate
    except SuspiciousFileOperation:
        return None
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves project static files and data: URIs; refuses everything else."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols={"https", "data"}, allow_redirects=False)
        self.requests: list[FetchRecord] = []

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            self.requests.append(FetchRecord(url[:60], served=True, reason="data URI"))
            return super().fetch(url, headers)  # urllib's DataHandler decodes it; no I/O
        path = _static_file(url)
        if path is None:
            self.requests.append(FetchRecord(url, served=False, reason="not a project static file"))
            logger.warning("PDF rendering refused to fetch %s", url[:200])
            raise FetchRefused(f"Refused to fetch {url[:200]}: only project static files are allowed.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.requests.append(FetchRecord(url, served=True, reason="static file"))
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    @property
    def served(self) -> list[FetchRecord]:
        return [r for r in self.requests if r.served]

    @property
    def refused(self) -> list[FetchRecord]:
        return [r for r in self.requests if not r.served]


# WeasyPrint's PDF/UA-1 variant: a tagged PDF (structure tree, /MarkInfo Marked, the document's /Lang and
# title shown in the viewer), for documents people must be able to read with assistive technology.
PDF_UA = "pdf/ua-1"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int
    anchors: list[set[str]]  # each page's element ids (where a section starts, to merge after it)


def render_pdf(
    html: str, *, url_fetcher: StaticOnlyFetcher | None = None, variant: str | None = None
) -> bytes:
    """Render HTML to PDF bytes. Pass a fetcher only to inspect what was fetched (tests do); `variant`:
    a WeasyPrint PDF variant such as PDF_UA."""
    return render_pdf_pages(html, url_fetcher=url_fetcher, variant=variant).data


def render_pdf_pages(
    html: str, *, url_fetcher: StaticOnlyFetcher | None = None, variant: str | None = None
) -> RenderedPdf:
    """render_pdf, also saying how many pages it has and which ids each page holds."""
    fetcher = url_fetcher if url_fetcher is not None else StaticOnlyFetcher()
    options = {"pdf_variant": variant} if variant else {}
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**options)
    data = document.write_pdf(**options)
    return RenderedPdf(data, len(document.pages), [set(page.anchors) for page in document.pages])


def print_context() -> dict:
    """What layouts/print.html needs besides the page's own context (no request, so no context processors)."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "board_name": settings.BOARD_NAME,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "children_term": settings.CHILDREN_TERM,
        "disclosure_note": disclosure.note(),
    }


def render_template_pdf(
    template_name: str,
    context: dict | None = None,
    *,
    url_fetcher: StaticOnlyFetcher | None = None,
    variant: str | None = None,
) -> bytes:
    """Render a template that extends layouts/print.html (Django autoescaping applies) to PDF bytes; a
    `variant` as for render_pdf (PDF_UA for a tagged PDF)."""
    html = render_to_string(template_name, {**print_context(), **(context or {})})
    return render_pdf(html, url_fetcher=url_fetcher, variant=variant)


WARM_UP_HTML = """{% extends "layouts/print.html" %}{% block content %}<h1>Warm-up</h1>
<table class="cp-print-table"><tr><th>A</th><td>1.0%</td></tr></table>
<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><polyline points="0,0 40,10"/></svg>{% endblock %}"""


def warm_up() -> float | None:
    """Render one small PDF with the print layout, so WeasyPrint's modules, the print stylesheet's parsing
    machinery, fontconfig's font list and Pango's shaping are loaded now. cpboard/wsgi.py calls it before
    gc.freeze() in the gunicorn master (preload_app): every worker then starts with them in shared memory, and
    no one's first PDF pays for them. Returns the seconds it took, or None if it could not (never fatal: the
    first PDF then loads them as before)."""
    import time

    from django.template import engines

    started = time.perf_counter()
    try:
        html = engines["django"].from_string(WARM_UP_HTML).render(print_context())
        render_pdf(html)
    except Exception as error:  # noqa: BLE001 - start-up must not depend on it (e.g. no static manifest yet)
        logger.warning("PDF warm-up skipped (%s: %s)", type(error).__name__, error)
        return None
    global warmed_up
    warmed_up = time.perf_counter() - started
    return warmed_up


warmed_up: float | None = None  # seconds the warm-up took in this process, once it has run
