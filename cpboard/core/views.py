from __future__ import annotations

import logging
import sys

from django.apps import apps
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch
from django.views.decorators.http import require_GET

from cpboard.core.apps import project_apps
from cpboard.core.history import history_entries
from cpboard.core.roles import CICC_MEMBER, roles_of
from cpboard.core.storage import upload_storage

logger = logging.getLogger("cpboard.uploads")


# A Children in Care Council member's own page (the pledge, their survey, "you said, we did"), in the pledge app.
YOUNG_PERSON_HOME = "pledge:young-home"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everyone's landing page: what each of the person's roles lets them do. A Children in Care Council member
    with no other role goes to their own page."""
    roles = roles_of(request.user)
    if roles and all(role.slug == CICC_MEMBER for role in roles):
        try:
            return redirect(YOUNG_PERSON_HOME)
        except NoReverseMatch:  # the pledge app is not installed
            pass
    return render(request, "core/home.html", {"roles": roles})


def history_visibility(model) -> str | None:
    """How the History page decides which rows of `model` a person may see. Fails closed: a model must say.

    - "visible_to": its QuerySet (or default manager) has `visible_to(user)`, which gives the rows in scope;
    - "all": the model class itself declares `history_visible_to_all = True`: every row, for everyone who has
      its view permission (not inherited from a base class, so each model decides for itself);
    - None: the model has said neither, and the History page gives 404 for it."""
    manager = model._default_manager
    if hasattr(manager, "visible_to") or hasattr(manager.all(), "visible_to"):
        return "visible_to"
    if vars(model).get("history_visible_to_all") is True:
        return "all"
    return None


def visible_queryset(model, user):
    """The rows of `model` this person may see (see history_visibility), or None if the model has not said."""
    manager = model._default_manager
    rule = history_visibility(model)
    if rule == "visible_to":
        queryset = manager.all()
        return queryset.visible_to(user) if hasattr(queryset, "visible_to") else manager.visible_to(user)
    if rule == "all":
        return manager.all()
    return None


def audited_apps() -> set[str]:
    """The apps whose records the History page shows: all of ours (project_apps), never a third-party app's."""
    return {config.label for config in project_apps()}


@login_required
@require_GET
def record_history(request: HttpRequest, app_label: str, model_name: str, pk: int) -> HttpResponse:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404("No such kind of record.") from None
    if not hasattr(model, "history") or model._meta.app_label not in audited_apps():
        raise Http404("No such kind of record.")
    queryset = visible_queryset(model, request.user)
    if queryset is None:  # the model has not said who may see which rows: show nothing
        raise Http404("No such kind of record.")
    if not request.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
        raise PermissionDenied("You do not have permission to see the history of this kind of record.")
    obj = get_object_or_404(queryset, pk=pk)
    return render(
        request,
        "core/record_history.html",
        {
            "object": obj,
            "entries": history_entries(obj, request.user),
            "verbose_name": model._meta.verbose_name,
            # Breadcrumbs: the page the record belongs to (a target's indicator), then the record's own page.
            "history_parent": getattr(obj, "history_back_to", None),
            "object_link": obj if hasattr(obj, "get_absolute_url") else None,
        },
    )


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    from cpboard.core.security_log import record_event

    if request.user.is_authenticated:
        record_event(request, "access_refused", detail=request.path[:200])
    message = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Django calls it while handling the exception, so sys.exc_info() is that exception: a
    database that cannot be reached (often found by middleware loading the session, before any view) gets
    the 503 page. Neither page touches the database (cpboard/core/availability.py)."""
    from cpboard.core.availability import standalone_page, unavailable_error, unavailable_response

    error = unavailable_error(sys.exc_info()[1])
    if error is not None:
        return unavailable_response(request, error)
    return standalone_page("500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@login_required
@require_GET
def stored_file_download(request: HttpRequest, uuid) -> HttpResponseBase:
    """Uploaded files leave only through here: permission-checked, as an attachment, never rendered inline.

    The bytes come from the upload storage (storages["uploads"]). A record whose file is no longer there,
    deleted at the end of its retention period or missing from the storage (a partial restore, a lost
    object), answers 410 Gone with a plain page: the record is real and the person may see it, so 404 ("no
    such address") would be wrong, and the file will not come back, which is what 410 says."""
    from cpboard.core.models import StoredFile
    from cpboard.core.security_log import record_event
    from cpboard.core.uploads import PURPOSE_PERMISSIONS

    stored = get_object_or_404(StoredFile, uuid=uuid)
    permission = PURPOSE_PERMISSIONS.get(stored.purpose)
    if permission is None or not request.user.has_perm(permission):
        raise Http404("No such file.")
    if not stored.file:  # deleted at the end of its retention period (purge_expired)
        return _file_gone(request, stored, purged=True)
    try:
        handle = upload_storage.open(stored.file.name, "rb")
    except (FileNotFoundError, OSError):
        logger.error("Stored file %s (%s) is missing from the upload storage.", stored.uuid, stored.file.name)
        return _file_gone(request, stored, purged=False)
    record_event(request, "download", detail=f"{stored.purpose}: {stored.original_name}"[:255])
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _file_gone(request: HttpRequest, stored, *, purged: bool) -> HttpResponse:
    return render(request, "core/file_gone.html", {"stored": stored, "purged": purged}, status=410)


def _footer_context() -> dict:
    from django.conf import settings

    return {
        "help_contact": settings.HELP_CONTACT,
        "help_email": settings.HELP_EMAIL,
        "help_phone": settings.HELP_PHONE,
        "dpo_contact": settings.DPO_CONTACT,
        "lawful_basis": settings.LAWFUL_BASIS,
        "accessibility_contact": settings.ACCESSIBILITY_CONTACT,
        "accessibility_tested_on": settings.ACCESSIBILITY_TESTED_ON,
        "statement_prepared_on": settings.ACCESSIBILITY_STATEMENT_PREPARED_ON,
    }


@login_not_required
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    """The words the pages use, explained. Public: it holds no data, and people may read it before signing in."""
    from cpboard.core.glossary import terms

    return render(request, "core/glossary.html", {"terms": terms()})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement. Public, as the regulations expect."""
    return render(request, "core/accessibility.html", _footer_context())


@login_not_required
@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """The privacy notice. Public: people must be able to read it before they sign in."""
    from django.conf import settings

    days = settings.RETENTION_DAYS
    return render(
        request,
        "core/privacy.html",
        {**_footer_context(), "retention": {kind: _duration(n) for kind, n in days.items()}},
    )


@login_not_required
@require_GET
def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html", _footer_context())


def _duration(days: int) -> str:
    """730 -> "2 years", 365 -> "1 year", 90 -> "90 days"."""
    if days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
