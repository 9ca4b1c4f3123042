"""A meeting's board packs: downloading a version (the accessible PDF, or the print PDF with attachments),
publishing one to board members, and attaching a PDF to an agenda item.

Board members reach only published versions (and the ones those replaced); the people who build packs reach
drafts too. A version outside a person's scope is 404, as if it did not exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cpboard.board.forms.attachments import AttachmentForm
from cpboard.board.models import AgendaItem, Meeting, PackVersion
from cpboard.board.services import attachments
from cpboard.board.services.packs import OlderThanPublished, publish
from cpboard.core.security_log import record_event
from cpboard.core.storage import upload_storage


def version_for(request: HttpRequest, pk: int) -> PackVersion:
    return get_object_or_404(
        PackVersion.objects.visible_to(request.user).select_related("meeting", "pdf", "print_pdf"), pk=pk
    )


def _filename(version: PackVersion, *, print_version: bool) -> str:
    day = timezone.localtime(version.meeting.starts_at)
    return f"board-pack-{day:%Y-%m-%d}-version-{version.number}{'-print' if print_version else ''}.pdf"


def _download(request: HttpRequest, version: PackVersion, *, print_version: bool) -> HttpResponseBase:
    stored = version.print_pdf if print_version and version.print_pdf is not None else version.pdf
    if stored is None or not stored.file:
        raise Http404("This pack's file is not available.")
    handle = upload_storage.open(stored.file.name, "rb")
    record_event(
        request, "download", detail=f"Board pack version {version.number} for meeting {version.meeting_id}"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_filename(version, print_version=print_version),
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@permission_required("board.view_packversion", raise_exception=True)
def pack_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The accessible (tagged) pack."""
    return _download(request, version_for(request, pk), print_version=False)


@require_GET
@permission_required("board.view_packversion", raise_exception=True)
def pack_download_print(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The print pack: the accessible pack with each attached document merged after its item."""
    return _download(request, version_for(request, pk), print_version=True)


@require_POST
@permission_required("board.publish_pack", raise_exception=True)
def pack_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = version_for(request, pk)
    if version.status == PackVersion.Status.PUBLISHED:
        messages.info(request, f"Version {version.number} is already the published pack.")
    else:
        try:
            publish(version, by=request.user)
        except OlderThanPublished as refused:
            messages.error(request, refused.message)
        else:
            messages.success(
                request,
                f"Version {version.number} of the pack is published: board members can now read and download it.",
            )
    return redirect(f"{version.meeting.get_absolute_url()}#pack-heading")


def _item_for(request: HttpRequest, pk: int) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)).select_related(
            "meeting", "meeting__board", "attachment"
        ),
        pk=pk,
    )


@permission_required("board.change_agendaitem", raise_exception=True)
def item_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a PDF to an agenda item (replacing any attached before), or take it off."""
    item = _item_for(request, pk)
    back = f"{item.meeting.get_absolute_url()}#item-{item.pk}"
    if request.method == "POST" and request.POST.get("remove") and item.attachment_id:
        attachments.detach(item, by=request.user)
        messages.success(request, f"The document is no longer attached to “{item.title}”.")
        return redirect(back)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        attachments.attach(item, form.cleaned_data["file"], by=request.user, data=form.file_bytes)
        messages.success(request, f"“{form.cleaned_data['file'].name}” is attached to “{item.title}”.")
        return redirect(back)
    return render(
        request, "board/item_attachment.html", {"form": form, "item": item, "meeting": item.meeting}
    )
