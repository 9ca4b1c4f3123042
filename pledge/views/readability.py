"""The reading-age advice as JSON, for the small script that updates it while an officer types."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from pledge.models import AgeBand
from pledge.services import readability

MAX_TEXT = 2000  # longer than any text children read; more is cut off rather than measured


@require_GET
@permission_required("pledge.change_pledgeversion", raise_exception=True)
def reading_age(request: HttpRequest) -> JsonResponse:
    """`?text=...&band=8-11` (band optional: the pledge's aim) -> the advice shown beside the field."""
    band = request.GET.get("band", "")
    if band not in AgeBand.values:
        band = ""
    reading = readability.check(request.GET.get("text", "")[:MAX_TEXT], band=band or None)
    return JsonResponse(
        {
            "age": reading.age,
            "aim": reading.aim,
            "too_hard": reading.too_hard,
            "message": reading.message,
            "tag": "Hard to read" if reading.too_hard else ("Easy to read" if reading.age else ""),
        }
    )
