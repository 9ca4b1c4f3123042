"""Recording what the board decided, and adding an action to the plan from a decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from cpboard.board.forms.questions import DecisionActionForm, DecisionForm
from cpboard.board.models import Decision
from cpboard.board.services import decisions as service
from cpboard.board.views.meetings import meeting_for
from cpboard.core.locking import StaleEdit


@permission_required("board.add_decision", raise_exception=True)
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_for(request, pk)
    initial = {}
    if (item := request.GET.get("item", "")).isdigit():
        initial["item"] = meeting.items.filter(pk=item).first()
    form = DecisionForm(request.POST or None, meeting=meeting, initial=initial)
    form.instance.meeting = meeting
    if form.is_valid():
        decision = service.decision_save(form, by=request.user)
        messages.success(request, "Decision recorded.")
        anchor = f"#item-{decision.item_id}" if decision.item_id else "#decisions"
        return redirect(meeting.get_absolute_url() + anchor)
    return render(request, "board/decision_form.html", {"form": form, "meeting": meeting})


# Scrutiny officers record the board's decisions; the action a decision creates is the board's, so this needs
# the board permission only (officers keep the plan from then on).
@permission_required("board.change_decision", raise_exception=True)
def decision_action(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("meeting", "plan_action"), pk=pk)
    meeting = decision.meeting
    form = DecisionActionForm(request.POST or None, decision=decision)
    conflict = None
    status = 200
    if decision.plan_action is not None and request.method != "POST":
        return redirect(decision.plan_action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            action = service.create_action(
                decision,
                objective=data["objective"],
                text=data["text"],
                due_on=data["due_on"],
                owner=data["owner"],
                version=data.get("version"),
                by=request.user,
            )
        except StaleEdit as stale:
            conflict = stale
            stale.mark(form)
            status = 409
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
            status = 400
        else:
            messages.success(request, f"Action added to the plan: {action}.")
            return redirect(f"{meeting.get_absolute_url()}#decision-{decision.pk}")
    return render(
        request,
        "board/decision_action_form.html",
        {"form": form, "decision": decision, "meeting": meeting, "conflict": conflict},
        status=status,
    )
