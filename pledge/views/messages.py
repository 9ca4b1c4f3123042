"""Officers check children's messages before the board sees them: the list waiting, and one message with the
personal-details check's flags, to approve (as written or edited) or withhold."""

from __future__ import annotations

from django.contrib import messages as notices
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from cpboard.core import personal_details
from cpboard.core.locking import StaleEdit
from pledge.forms.moderation import APPROVE, WITHHOLD, ModerationForm
from pledge.models import Message, Survey
from pledge.services import moderation

DECISIONS = {APPROVE: "Approve it", WITHHOLD: "Withhold it"}
STATUSES = [
    (Message.Status.WAITING, "Waiting to be checked"),
    (Message.Status.APPROVED, "Approved"),
    (Message.Status.WITHHELD, "Withheld"),
]


def _messages_of(survey: Survey | None):
    queryset = Message.objects.select_related("answer__question", "answer__response__survey").filter(
        answer__response__submitted_on__isnull=False
    )
    if survey is not None:
        queryset = queryset.filter(answer__response__survey=survey)
    return queryset


@require_GET
@permission_required("pledge.moderate_message", raise_exception=True)
def message_list(request: HttpRequest) -> HttpResponse:
    surveys = list(Survey.objects.order_by("-year", "-pk"))
    chosen = next((s for s in surveys if str(s.pk) == request.GET.get("survey")), None)
    status = request.GET.get("status", Message.Status.WAITING)
    if status not in Message.Status.values:
        status = Message.Status.WAITING
    queryset = _messages_of(chosen)
    counts = {value: 0 for value in Message.Status.values}
    for value in queryset.values_list("status", flat=True):
        counts[value] += 1
    page = Paginator(
        queryset.filter(status=status).order_by("answer__response__survey__year", "pk"), 25
    ).get_page(request.GET.get("page"))
    rows = [(message, personal_details.find(message.shown_text or message.answer.text)) for message in page]
    return render(
        request,
        "pledge/message_list.html",
        {
            "surveys": surveys,
            "chosen": chosen,
            "status": status,
            "tabs": [(value, label, counts[value]) for value, label in STATUSES],
            "rows": rows,
            "page": page,
            "query": urlencode({"survey": chosen.pk if chosen else "", "status": status}),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required("pledge.moderate_message", raise_exception=True)
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(_messages_of(None), pk=pk)
    form = ModerationForm(request.POST if request.method == "POST" else None, message=message)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == APPROVE:
                moderation.approve(
                    message, shown_text=data["shown_text"], version=data["version"], by=request.user
                )
            else:
                moderation.withhold(
                    message, reason=data["withheld_reason"], version=data["version"], by=request.user
                )
        except StaleEdit as stale:
            current = stale.current if isinstance(stale.current, Message) else message
            stale.changes = [
                ("Decision", current.get_status_display(), DECISIONS[data["decision"]]),
                ("The words the board will see", current.shown_text, data["shown_text"]),
            ]
            stale.mark(form, on="decision")
            conflict = stale
        else:
            decided = "approved" if data["decision"] == APPROVE else "withheld"
            notices.success(request, f"Message {decided}.")
            following = (
                _messages_of(message.answer.response.survey)
                .filter(status=Message.Status.WAITING)
                .exclude(pk=message.pk)
                .order_by("pk")
                .first()
            )
            if following is not None:
                return redirect("pledge:message-detail", pk=following.pk)
            return redirect(f"{reverse('pledge:message-list')}?survey={message.answer.response.survey_id}")
    original = message.answer.text
    original_flags = personal_details.find(original)
    return render(
        request,
        "pledge/message_detail.html",
        {
            "message": message,
            "survey": message.answer.response.survey,
            "question": message.answer.question,
            "original": personal_details.highlighted(original, original_flags),
            "original_flags": original_flags,
            "flags": form.flags(),
            "form": form,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )
