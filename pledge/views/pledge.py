"""The pledge: the board's page (which principles each promise serves), earlier versions, and the officers'
pages that write the next version and publish it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cpboard.core.locking import StaleEdit, posted_version, save_audited, save_versioned
from pledge.forms.pledge import CommitmentForm, PledgeVersionForm, PromiseForm
from pledge.models import Commitment, PledgeVersion, Principle, Promise
from pledge.services import pledge as pledge_service
from pledge.services import readability

DRAFT_EDITED = "Draft pledge changed"
PROMISE_ADDED = "Promise added to the draft pledge"
PROMISE_EDITED = "Promise changed in the draft pledge"
COMMITMENT_ADDED = "Commitment added to the draft pledge"
COMMITMENT_EDITED = "Commitment changed in the draft pledge"


def with_promises(queryset):
    """Versions with their promises (and each promise's outcome area and commitments) in order."""
    return queryset.prefetch_related(
        Prefetch(
            "promises",
            queryset=Promise.objects.select_related("outcome_area").prefetch_related("commitments"),
        )
    )


# The principles in few words, for a table's column headings.
PRINCIPLE_HEADINGS = {
    Principle.BEST_INTERESTS: "Best interests, health and well-being",
    Principle.VIEWS: "Views, wishes and feelings",
    Principle.SERVICES: "Access to services",
    Principle.ASPIRATIONS: "High aspirations",
    Principle.SAFETY: "Safety and stability",
    Principle.ADULTHOOD: "Preparing for adulthood",
}


def numbered(version: PledgeVersion) -> list[Promise]:
    """The version's promises in order, each with `number` (1, 2, 3 ...) as children see it."""
    promises = list(version.promises.all())
    for number, promise in enumerate(promises, start=1):
        promise.number = number  # type: ignore[attr-defined]
    return promises


def grouped(version: PledgeVersion) -> list[tuple]:
    """[(outcome area, [promise, ...]), ...], each area where its first promise comes; promises keep their own
    numbering (so a pledge written area by area reads 1, 2, 3 ... down the page)."""
    groups: dict = {}
    for promise in numbered(version):
        groups.setdefault(promise.outcome_area, []).append(promise)
    return list(groups.items())


def principle_table(version: PledgeVersion) -> dict:
    """Which principles each promise serves, and how many promises serve each principle."""
    promises = numbered(version)
    return {
        "principles": [(p, PRINCIPLE_HEADINGS[p]) for p in Principle],
        "rows": [(p, [principle.value in p.principles for principle in Principle]) for p in promises],
        "counts": [sum(principle.value in p.principles for p in promises) for principle in Principle],
    }


def _pledge_page(request: HttpRequest, version: PledgeVersion | None) -> HttpResponse:
    current = PledgeVersion.objects.current()
    context = {
        "version": version,
        "is_current": version is not None and current is not None and version.pk == current.pk,
        "current": current,
        "draft": PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT).first()
        if request.user.has_perm("pledge.change_pledgeversion")
        else None,
        "versions": PledgeVersion.objects.visible_to(request.user).count(),
    }
    if version is not None:
        context |= {"groups": grouped(version), "table": principle_table(version)}
    return render(request, "pledge/pledge_detail.html", context)


@require_GET
@permission_required("pledge.view_pledgeversion", raise_exception=True)
def pledge_detail(request: HttpRequest) -> HttpResponse:
    """The current pledge, as the board reads it."""
    return _pledge_page(request, with_promises(PledgeVersion.objects.filter(status="published")).first())


@require_GET
@permission_required("pledge.view_pledgeversion", raise_exception=True)
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    version = get_object_or_404(with_promises(PledgeVersion.objects.visible_to(request.user)), number=number)
    if version.status == PledgeVersion.Status.DRAFT:
        return redirect("pledge:draft")
    return _pledge_page(request, version)


@require_GET
@permission_required("pledge.view_pledgeversion", raise_exception=True)
def version_list(request: HttpRequest) -> HttpResponse:
    versions = PledgeVersion.objects.visible_to(request.user).order_by("-number")
    return render(request, "pledge/version_list.html", {"versions": versions})


# --- officers: the draft


def _draft() -> PledgeVersion | None:
    return with_promises(PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT)).first()


def draft_for(request: HttpRequest) -> PledgeVersion:
    """The draft being written (404 when there is none: start one from the pledge page)."""
    draft = PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT).first()
    if draft is None:
        raise Http404("No new version of the pledge has been started.")
    return draft


def promise_for(request: HttpRequest, pk: int) -> Promise:
    """A promise of the draft: published versions cannot be changed, so their promises give 404 here."""
    return get_object_or_404(
        Promise.objects.select_related("pledge_version", "outcome_area"),
        pk=pk,
        pledge_version__status=PledgeVersion.Status.DRAFT,
    )


def commitment_for(request: HttpRequest, pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("promise__pledge_version"),
        pk=pk,
        promise__pledge_version__status=PledgeVersion.Status.DRAFT,
    )


@require_POST
@permission_required("pledge.add_pledgeversion", raise_exception=True)
def draft_start(request: HttpRequest) -> HttpResponse:
    had_draft = PledgeVersion.objects.filter(status=PledgeVersion.Status.DRAFT).exists()
    draft = pledge_service.draft_start(by=request.user)
    if had_draft:
        messages.info(request, f"Version {draft.number} is already being written: carry on with it here.")
    else:
        messages.success(request, f"Version {draft.number} started as a copy of the current pledge.")
    return redirect("pledge:draft")


@permission_required("pledge.change_pledgeversion", raise_exception=True)
def draft_edit(request: HttpRequest) -> HttpResponse:
    """The draft: its title and introduction, then every promise and commitment, each with its reading age."""
    draft = _draft()
    if draft is None:
        return render(request, "pledge/draft_none.html", {"current": PledgeVersion.objects.current()})
    _add_readings(draft)
    form = PledgeVersionForm(request.POST or None, instance=draft)
    conflict = None
    if not _checking(request) and form.is_valid():
        try:
            save_versioned(form, by=request.user, reason=DRAFT_EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "The draft's title and introduction are saved.")
            return redirect("pledge:draft")
    return render(
        request,
        "pledge/draft_form.html",
        {
            "draft": draft,
            "form": form,
            "conflict": conflict,
            "groups": grouped(draft),
            "promises": list(draft.promises.all()),
            "problems": pledge_service.publish_problems(draft),
        },
        status=409 if conflict else 200,
    )


def _add_readings(version: PledgeVersion) -> None:
    """Give every promise and commitment of the version (as prefetched) the `reading` of its child's words."""
    for promise in version.promises.all():
        promise.reading = readability.check(promise.child_text)  # type: ignore[attr-defined]
        for commitment in promise.commitments.all():
            text = f"{commitment.text} {commitment.measure}".strip()
            commitment.reading = readability.check(text)  # type: ignore[attr-defined]


def _form_page(request, template: str, context: dict, *, form, conflict=None) -> HttpResponse:
    return render(
        request,
        template,
        {**context, "form": form, "conflict": conflict, "readings": form.readings()},
        status=409 if conflict else 200,
    )


def _checking(request: HttpRequest) -> bool:
    """The officer asked for the reading age of what they typed, without saving it yet."""
    return request.method == "POST" and "check" in request.POST


@permission_required("pledge.add_promise", raise_exception=True)
def promise_create(request: HttpRequest) -> HttpResponse:
    draft = draft_for(request)
    form = PromiseForm(request.POST or None)
    conflict = None
    if not _checking(request) and form.is_valid():
        promise = form.save(commit=False)
        promise.pledge_version = draft
        promise.key = pledge_service.promise_key(draft, promise.child_text)
        promise.order = pledge_service.next_order(draft.promises.all())
        promise.principles = form.cleaned_data["principles"]
        try:
            save_audited(promise, by=request.user, reason=PROMISE_ADDED)
        except StaleEdit as stale:  # another officer added a promise with the same words a moment ago
            stale.mark(form, on="child_text")
            conflict = stale
        else:
            messages.success(request, "Promise added. Now add what it means (“This means …”).")
            return redirect(reverse("pledge:commitment-create", args=[promise.pk]))
    return _form_page(request, "pledge/promise_form.html", {"draft": draft}, form=form, conflict=conflict)


@permission_required("pledge.change_promise", raise_exception=True)
def promise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    promise = promise_for(request, pk)
    form = PromiseForm(request.POST or None, instance=promise)
    conflict = None
    if not _checking(request) and form.is_valid():
        form.instance.principles = form.cleaned_data["principles"]
        try:
            save_versioned(form, by=request.user, reason=PROMISE_EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "Promise saved.")
            return redirect(reverse("pledge:draft") + f"#promise-{promise.pk}")
    return _form_page(
        request,
        "pledge/promise_form.html",
        {"draft": promise.pledge_version, "promise": promise},
        form=form,
        conflict=conflict,
    )


@require_POST
@permission_required("pledge.change_promise", raise_exception=True)
def promise_move(request: HttpRequest, pk: int) -> HttpResponse:
    promise = promise_for(request, pk)
    up = request.POST.get("direction") == "up"
    pledge_service.move(
        item=promise,
        siblings=Promise.objects.filter(pledge_version=promise.pledge_version),
        up=up,
        by=request.user,
    )
    return redirect(reverse("pledge:draft") + f"#promise-{promise.pk}")


@require_POST
@permission_required("pledge.delete_promise", raise_exception=True)
def promise_delete(request: HttpRequest, pk: int) -> HttpResponse:
    promise = promise_for(request, pk)
    try:
        pledge_service.promise_remove(promise=promise, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The promise “{promise.child_text}” was taken out of the draft.")
    return redirect("pledge:draft")


@permission_required("pledge.add_commitment", raise_exception=True)
def commitment_create(request: HttpRequest, promise_pk: int) -> HttpResponse:
    promise = promise_for(request, promise_pk)
    form = CommitmentForm(request.POST or None)
    if not _checking(request) and form.is_valid():
        commitment = form.save(commit=False)
        commitment.promise = promise
        commitment.order = pledge_service.next_order(promise.commitments.all())
        save_audited(commitment, by=request.user, reason=COMMITMENT_ADDED)
        messages.success(request, "Commitment added.")
        if "another" in request.POST:
            return redirect("pledge:commitment-create", promise_pk=promise.pk)
        return redirect(reverse("pledge:draft") + f"#promise-{promise.pk}")
    return _form_page(
        request,
        "pledge/commitment_form.html",
        {"draft": promise.pledge_version, "promise": promise},
        form=form,
    )


@permission_required("pledge.change_commitment", raise_exception=True)
def commitment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = commitment_for(request, pk)
    form = CommitmentForm(request.POST or None, instance=commitment)
    conflict = None
    if not _checking(request) and form.is_valid():
        try:
            save_versioned(form, by=request.user, reason=COMMITMENT_EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, "Commitment saved.")
            return redirect(reverse("pledge:draft") + f"#promise-{commitment.promise_id}")
    return _form_page(
        request,
        "pledge/commitment_form.html",
        {"draft": commitment.promise.pledge_version, "promise": commitment.promise, "commitment": commitment},
        form=form,
        conflict=conflict,
    )


@require_POST
@permission_required("pledge.change_commitment", raise_exception=True)
def commitment_move(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = commitment_for(request, pk)
    pledge_service.move(
        item=commitment,
        siblings=Commitment.objects.filter(promise_id=commitment.promise_id),
        up=request.POST.get("direction") == "up",
        by=request.user,
    )
    return redirect(reverse("pledge:draft") + f"#promise-{commitment.promise_id}")


@require_POST
@permission_required("pledge.delete_commitment", raise_exception=True)
def commitment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = commitment_for(request, pk)
    pledge_service.commitment_remove(commitment=commitment, by=request.user)
    messages.success(request, "The commitment was taken out of the draft.")
    return redirect(reverse("pledge:draft") + f"#promise-{commitment.promise_id}")


@permission_required("pledge.publish_pledgeversion", raise_exception=True)
def draft_publish(request: HttpRequest) -> HttpResponse:
    """Check, then publish: the draft becomes the pledge children and the board read."""
    draft = _draft()
    if draft is None:
        return redirect("pledge:draft")
    errors: list[str] = []
    conflict = None
    if request.method == "POST":
        try:
            version = pledge_service.draft_publish(
                version=draft, by=request.user, shown_version=posted_version(request.POST)
            )
        except StaleEdit as stale:
            conflict = stale
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Version {version.number} of the pledge is published.")
            return redirect("pledge:pledge")
    return render(
        request,
        "pledge/draft_publish.html",
        {
            "draft": draft,
            "current": PledgeVersion.objects.current(),
            "problems": errors or pledge_service.publish_problems(draft),
            "conflict": conflict,
            "groups": grouped(draft),
        },
        status=409 if conflict else (400 if errors else 200),
    )
