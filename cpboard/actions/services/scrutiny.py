"""Recording scrutiny reviews, their recommendations, the council's responses and progress commentary,
and linking recommendations to the objectives and actions that answer them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cpboard.actions import sources
from cpboard.actions.models import (
    Action,
    ActionSource,
    Objective,
    ObjectiveRecommendation,
    Recommendation,
    RecommendationProgress,
)
from cpboard.core.locking import delete_audited, save_audited, save_versioned

RECORDED = "Recorded"
EDITED = "Edited"
LINKED = "Linked to the recommendation"
UNLINKED = "No longer linked to the recommendation"
COMMENTARY_ADDED = "Progress commentary added"


@transaction.atomic
def recommendation_save(*, form, objectives: list[Objective], actions: list[Action], by) -> Recommendation:
    """Save a recommendation form and make its links exactly `objectives` and `actions`."""
    recommendation = save_versioned(form, by=by, reason=EDITED if form.instance.pk else RECORDED)
    links_set(recommendation=recommendation, objectives=objectives, actions=actions, by=by)
    return recommendation


def links_set(
    *, recommendation: Recommendation, objectives: list[Objective], actions: list[Action], by
) -> None:
    have = {
        link.objective_id: link
        for link in ObjectiveRecommendation.objects.filter(recommendation=recommendation)
    }
    wanted = {objective.pk for objective in objectives}
    for objective_id, link in have.items():
        if objective_id not in wanted:
            delete_audited(link, by=by, reason=UNLINKED)
    for objective_id in wanted - set(have):
        save_audited(
            ObjectiveRecommendation(objective_id=objective_id, recommendation=recommendation),
            by=by,
            reason=LINKED,
        )
    content_type = sources.content_type_for(ActionSource.Kind.RECOMMENDATION)
    cited = {
        source.action_id: source
        for source in ActionSource.objects.filter(source_type=content_type, source_id=recommendation.pk)
    }
    wanted_actions = {action.pk for action in actions}
    for action_id, source in cited.items():
        if action_id not in wanted_actions:
            delete_audited(source, by=by, reason=UNLINKED)
    for action_id in wanted_actions - set(cited):
        save_audited(
            ActionSource(
                action_id=action_id,
                kind=ActionSource.Kind.RECOMMENDATION,
                source_type=content_type,
                source_id=recommendation.pk,
            ),
            by=by,
            reason=LINKED,
        )


def commentary_add(
    *, recommendation: Recommendation, written_on: dt.date, text: str, by
) -> RecommendationProgress:
    """Add dated commentary on a recommendation's progress (a new row each time: nothing is overwritten)."""
    if not text.strip():
        raise ValidationError({"text": "Write the commentary on progress."})
    if written_on > timezone.localdate():
        raise ValidationError(
            {"written_on": "Commentary cannot be dated in the future. Use today's date or earlier."}
        )
    if written_on < recommendation.review.reported_on:
        raise ValidationError(
            {
                "written_on": f"Commentary cannot be dated before the review's report of {recommendation.review.reported_on:%d/%m/%Y}."
            }
        )
    return save_audited(
        RecommendationProgress(
            recommendation=recommendation, written_on=written_on, text=text.strip(), author=by
        ),
        by=by,
        reason=COMMENTARY_ADDED,
    )
