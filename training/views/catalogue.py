"""Officers: the course catalogue. A course with records can be retired, never removed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from cpboard.core.locking import StaleEdit, save_versioned
from training.forms.courses import CourseForm
from training.models import Course
from training.services import records as record_service

ADDED = "Added to the catalogue"
EDITED = "Changed in the catalogue"


@permission_required("training.view_course", raise_exception=True)
def course_list(request: HttpRequest) -> HttpResponse:
    courses = Course.objects.select_related("renews").annotate(completions=Count("records")).order_by("name")
    return render(request, "training/course_list.html", {"courses": courses})


def _course_form(request, form, course, conflict):
    return render(
        request,
        "training/course_form.html",
        {"form": form, "course": course, "conflict": conflict},
        status=409 if conflict else 200,
    )


@permission_required("training.add_course", raise_exception=True)
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    conflict = None
    if form.is_valid():
        try:
            course = save_versioned(form, by=request.user, reason=ADDED)
        except StaleEdit as stale:  # someone added a course with this name or code a moment ago
            stale.mark(form, on="code")
            conflict = stale
        else:
            messages.success(request, f"“{course.name}” has been added to the catalogue.")
            return redirect("training:course-list")
    return _course_form(request, form, None, conflict)


@permission_required("training.change_course", raise_exception=True)
def course_edit(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course, code=code)
    form = CourseForm(request.POST or None, instance=course)
    conflict = None
    if form.is_valid():
        try:
            course = save_versioned(form, by=request.user, reason=EDITED)
        except StaleEdit as stale:
            stale.mark(form)
            conflict = stale
        else:
            messages.success(request, f"Changes to “{course.name}” saved.")
            return redirect("training:course-list")
    return _course_form(request, form, course, conflict)


@permission_required("training.delete_course", raise_exception=True)
def course_delete(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course, code=code)
    in_use = record_service.course_in_use(course)
    error = ""
    if request.method == "POST":
        try:
            record_service.course_delete(course=course, by=request.user)
        except ValidationError as refused:
            error = refused.messages[0]
        else:
            messages.success(request, f"“{course.name}” has been removed from the catalogue.")
            return redirect("training:course-list")
    return render(
        request,
        "training/course_confirm_delete.html",
        {"course": course, "in_use": in_use, "error": error},
        status=400 if error else 200,
    )


@require_POST
@permission_required("training.change_course", raise_exception=True)
def course_retire(request: HttpRequest, code: str) -> HttpResponse:
    course = get_object_or_404(Course, code=code)
    record_service.course_retire(course=course, by=request.user)
    messages.success(
        request,
        f"“{course.name}” has been retired: it is no longer offered or required, and its records are kept.",
    )
    return redirect("training:course-list")
