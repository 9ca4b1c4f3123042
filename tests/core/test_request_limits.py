"""Request size limits: too large a request is refused (413, a plain page) from its Content-Length before its
body is read; a file a little over the upload limit gets a message beside the file field; the largest form
in the app fits comfortably; uploads are never spilled to temporary files."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.urls import reverse

from cpboard.core.middleware import RequestSizeLimitMiddleware
from performance.models import Indicator
from tests.factories.performance import IndicatorFactory, QuarterReturnFactory


class Unreadable(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the request body was read")

    readinto = readline = read


def request_with(content_type: str, length: int) -> WSGIRequest:
    path = "/performance/quarters/2025/1/import/"
    request = RequestFactory().generic("POST", path, data=b"-", content_type=content_type)
    request.META["CONTENT_LENGTH"] = str(length)
    setattr(request, "_stream", Unreadable())  # noqa: B010 - reading the body now fails the test
    return request


def not_reached(request):
    raise AssertionError("the request went past the size check")


def test_an_upload_over_the_limit_is_refused_from_its_content_length_alone():
    request = request_with("multipart/form-data; boundary=x", django_settings.REQUEST_MAX_BYTES + 1)
    response = RequestSizeLimitMiddleware(not_reached)(request)
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is too large" in page
    assert "larger than 5.0 MB, the largest file you can upload" in page
    assert 'href="/performance/quarters/2025/1/import/"' in page  # back to the form


def test_a_form_post_over_the_limit_is_refused_too():
    request = request_with(
        "application/x-www-form-urlencoded", django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
    )
    response = RequestSizeLimitMiddleware(not_reached)(request)
    assert response.status_code == 413
    assert "Too much was sent" in response.content.decode()


def test_requests_within_the_limits_pass():
    seen = []
    middleware = RequestSizeLimitMiddleware(lambda request: seen.append(request) or "passed")
    assert (
        middleware(request_with("multipart/form-data; boundary=x", django_settings.REQUEST_MAX_BYTES))
        == "passed"
    )
    form = request_with("application/x-www-form-urlencoded", django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    assert middleware(form) == "passed"


@pytest.fixture
def small_upload_limit(settings):
    settings.UPLOAD_MAX_BYTES = 2048
    settings.REQUEST_MAX_BYTES = 2048 + 4096
    return settings


@pytest.mark.django_db
def test_a_file_a_little_over_the_limit_is_explained_beside_the_file_field(
    client_as, officer, small_upload_limit
):
    url = reverse("performance:quarter-import", args=[2025, 1])
    QuarterReturnFactory()
    upload = SimpleUploadedFile("q1.csv", b"a,b\n" * 600, content_type="text/csv")  # 2,400 bytes
    response = client_as(officer).post(url, {"file": upload})
    assert response.status_code == 200
    assert "The selected file must be smaller than 2 KB." in response.content.decode()


@pytest.mark.django_db
def test_a_file_far_over_the_limit_gets_the_plain_413_page(client_as, officer, small_upload_limit):
    url = reverse("performance:quarter-import", args=[2025, 1])
    QuarterReturnFactory()
    upload = SimpleUploadedFile("q1.csv", b"a,b\n" * 5000, content_type="text/csv")  # 20,000 bytes
    response = client_as(officer).post(url, {"file": upload})
    assert response.status_code == 413
    page = response.content.decode()
    assert "larger than 2 KB, the largest file you can upload" in page
    assert f'href="{url}"' in page


def test_uploads_up_to_the_limit_stay_in_memory_never_in_a_temporary_file():
    data = b"x" * django_settings.UPLOAD_MAX_BYTES
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("big.csv", data)})
    assert isinstance(request.FILES["file"], InMemoryUploadedFile)


@pytest.mark.django_db
def test_the_largest_form_fits_within_the_limits(client_as, officer):
    """The quarter form for twice the benchmark's large board (120 quarterly indicators, four fields each),
    with every reason and the commentary at their longest, in text that takes the most bytes to send."""
    indicators = [
        IndicatorFactory(code=f"BIG-{n}", frequency=Indicator.Frequency.QUARTERLY, is_proportion=True)
        for n in range(120)
    ]
    quarter_return = QuarterReturnFactory()
    data = {"commentary": "é" * 5000, "version": quarter_return.version}
    for indicator in indicators:
        prefix = f"i{indicator.pk}-"
        data |= {f"{prefix}numerator": "", f"{prefix}denominator": "", f"{prefix}version": ""}
        data[f"{prefix}not_available"] = "é" * 200
    body = urlencode(data)
    assert len(data) > 480
    assert len(body) > 150_000  # so the test means something
    assert len(data) * 2 < django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert len(body) * 2 < django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    url = reverse("performance:quarter-edit", args=[2025, 1])
    response = client_as(officer).post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code in {200, 302}, response.status_code
