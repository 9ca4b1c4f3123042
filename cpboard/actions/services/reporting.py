"""Read models: the whole plan as the board reads it (theme → objective → actions, each with its RAG as at a
day), a person's own actions, the recommendation tracker and the "due for revisit" list.

The plan runs a fixed number of queries however many actions and updates there are: the actions with their
objective and theme, their owners, each action's latest update (found in the database, not by loading every
update) and the objectives' recommendations."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Subquery

from cpboard.actions.models import (
    Action,
    ActionOwner,
    ActionRag,
    ActionSource,
    Objective,
    ObjectiveRecommendation,
    ProgressUpdate,
    Recommendation,
    RecommendationProgress,
    Review,
    Theme,
)

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "none": 3}


@dataclass
class PlanRow:
    action: Action
    rag: ActionRag
    overdue: bool
    latest: ProgressUpdate | None
    owners: str

    @property
    def attention(self) -> int:
        """Sort key for packs: overdue first, then off track, at risk, the rest."""
        if self.overdue:
            return 0
        order: dict[str, int] = {Action.Status.OFF_TRACK: 1, Action.Status.AT_RISK: 2}
        return order.get(self.action.status, 3)


@dataclass
class PlanObjective:
    objective: Objective
    recommendations: list[Recommendation]
    rows: list[PlanRow] = field(default_factory=list)


@dataclass
class PlanTheme:
    theme: Theme
    objectives: list[PlanObjective] = field(default_factory=list)

    @property
    def rows(self) -> list[PlanRow]:
        return [row for objective in self.objectives for row in objective.rows]

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def concern_count(self) -> int:
        concern = (Action.Status.OFF_TRACK, Action.Status.AT_RISK)
        return sum(1 for row in self.rows if not row.overdue and row.action.status in concern)

    @property
    def complete_count(self) -> int:
        return sum(1 for row in self.rows if row.action.status == Action.Status.COMPLETE)


@dataclass
class Plan:
    as_at: dt.date
    themes: list[PlanTheme]

    @property
    def rows(self) -> list[PlanRow]:
        return [row for theme in self.themes for row in theme.rows]

    @property
    def counts(self) -> dict[str, int]:
        tally = Counter(row.rag.code for row in self.rows)
        return {
            "total": len(self.rows),
            "red": tally["red"],
            "amber": tally["amber"],
            "green": tally["green"],
            "none": tally["none"],
            "overdue": sum(1 for row in self.rows if row.overdue),
        }

    def needing_attention(self) -> list[PlanRow]:
        rows = [row for row in self.rows if row.attention < 3]
        return sorted(rows, key=lambda row: row.attention)


def plan_actions(queryset=None):
    """Actions with their objective, theme and owners, and the id of each one's latest update."""
    latest = (
        ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-written_on", "-pk").values("pk")[:1]
    )
    queryset = queryset if queryset is not None else Action.objects.all()
    return (
        queryset.select_related("objective__theme")
        .annotate(latest_update_id=Subquery(latest))
        .prefetch_related(Prefetch("owners", queryset=ActionOwner.objects.select_related("person")))
    )


def rows_for(actions, as_at: dt.date) -> list[PlanRow]:
    actions = list(actions)
    ids = [a.latest_update_id for a in actions if a.latest_update_id]
    updates = (
        {u.pk: u for u in ProgressUpdate.objects.filter(pk__in=ids).select_related("author")} if ids else {}
    )
    rows = []
    for action in actions:
        latest = updates.get(action.latest_update_id)
        on = latest.written_on if latest else None
        rows.append(
            PlanRow(
                action=action,
                rag=action.rag(as_at, on),
                overdue=action.is_overdue(as_at, on),
                latest=latest,
                owners=action.owner_text(),
            )
        )
    return rows


def build_plan(
    *, as_at: dt.date, theme: Theme | None = None, owner: str = "", rag: str = "", overdue: bool = False
) -> Plan:
    """The plan as at `as_at`, optionally only one theme, one owner ("p:<person id>" or "t:<post>"), one RAG
    colour or only overdue actions."""
    actions = Action.objects.all()
    if theme is not None:
        actions = actions.filter(objective__theme=theme)
    kind, _, value = owner.partition(":")
    if kind == "p" and value.isdigit():
        actions = actions.filter(owners__person_id=int(value))
    elif kind == "t" and value:
        actions = actions.filter(owners__post=value)
    rows = rows_for(plan_actions(actions.distinct()), as_at)
    if rag:
        rows = [row for row in rows if row.rag.code == rag]
    if overdue:
        rows = [row for row in rows if row.overdue]
    objective_ids = {row.action.objective_id for row in rows}
    recommendations: dict[int, list[Recommendation]] = defaultdict(list)
    for link in (
        ObjectiveRecommendation.objects.filter(objective_id__in=objective_ids)
        .select_related("recommendation")
        .order_by("recommendation__position", "recommendation__pk")
    ):
        recommendations[link.objective_id].append(link.recommendation)
    themes: dict[int, PlanTheme] = {}
    objectives: dict[int, PlanObjective] = {}
    for row in rows:
        objective = row.action.objective
        if objective.theme_id not in themes:
            themes[objective.theme_id] = PlanTheme(theme=objective.theme)
        if objective.pk not in objectives:
            objectives[objective.pk] = PlanObjective(objective, recommendations.get(objective.pk, []))
            themes[objective.theme_id].objectives.append(objectives[objective.pk])
        objectives[objective.pk].rows.append(row)
    return Plan(as_at=as_at, themes=list(themes.values()))


def owner_choices() -> list[tuple[str, str]]:
    """Everyone who owns an action, for the plan's owner filter: people first, then posts and teams."""
    people: dict[int, str] = {}
    posts: set[str] = set()
    for owner in ActionOwner.objects.select_related("person"):
        if owner.person is not None:
            people[owner.person.pk] = owner.person.display_name
        else:
            posts.add(owner.post)
    return [(f"p:{pk}", name) for pk, name in sorted(people.items(), key=lambda item: item[1])] + [
        (f"t:{post}", post) for post in sorted(posts)
    ]


@dataclass
class TrackerRow:
    recommendation: Recommendation
    latest: RecommendationProgress | None
    rows: list[PlanRow]

    @property
    def due_for_revisit(self) -> bool:
        return getattr(self.recommendation, "is_due", False)


@dataclass
class TrackerReview:
    review: Review
    rows: list[TrackerRow]


def build_tracker(*, as_at: dt.date, review: Review | None = None) -> list[TrackerReview]:
    """Each review's recommendations with the latest commentary and the RAG of every action answering them."""
    recommendations = Recommendation.objects.select_related("review").prefetch_related(
        Prefetch("progress", queryset=RecommendationProgress.objects.order_by("-written_on", "-pk"))
    )
    if review is not None:
        recommendations = recommendations.filter(review=review)
    ordered = list(recommendations.order_by("-review__reported_on", "review_id", "position", "pk"))
    ids = [r.pk for r in ordered]
    due = set(Recommendation.objects.filter(pk__in=ids).due_for_revisit(as_at).values_list("pk", flat=True))
    by_objective: dict[int, list[int]] = defaultdict(list)
    for link in ObjectiveRecommendation.objects.filter(recommendation_id__in=ids):
        by_objective[link.objective_id].append(link.recommendation_id)
    content_type = ContentType.objects.get_for_model(Recommendation)
    direct = ActionSource.objects.filter(source_type=content_type, source_id__in=ids).values_list(
        "action_id", "source_id"
    )
    answering: dict[int, set[int]] = defaultdict(set)
    for action_id, recommendation_id in direct:
        if recommendation_id is not None:
            answering[recommendation_id].add(action_id)
    actions = plan_actions(
        Action.objects.filter(objective_id__in=by_objective)
        | Action.objects.filter(pk__in=[a for a, _ in direct])
    ).distinct()
    rows_by_action = {row.action.pk: row for row in rows_for(actions, as_at)}
    for row in rows_by_action.values():
        for recommendation_id in by_objective.get(row.action.objective_id, []):
            answering[recommendation_id].add(row.action.pk)
    all_reviews = [review] if review is not None else Review.objects.order_by("-reported_on", "pk")
    reviews: dict[int, TrackerReview] = {r.pk: TrackerReview(r, []) for r in all_reviews}
    for recommendation in ordered:
        recommendation.is_due = recommendation.pk in due  # type: ignore[attr-defined]
        progress = list(recommendation.progress.all())
        rows = sorted(
            (rows_by_action[pk] for pk in answering.get(recommendation.pk, set()) if pk in rows_by_action),
            key=lambda row: (RAG_ORDER[row.rag.code], row.action.reference, row.action.pk),
        )
        reviews[recommendation.review_id].rows.append(
            TrackerRow(recommendation, progress[0] if progress else None, rows)
        )
    return list(reviews.values())


def revisits(as_at: dt.date, *, ahead_days: int = 56):
    """(due now, coming up within `ahead_days`) open recommendations, soonest first."""
    due = list(Recommendation.objects.due_for_revisit(as_at))
    coming = list(
        Recommendation.objects.open()
        .filter(revisit_on__gt=as_at, revisit_on__lte=as_at + dt.timedelta(days=ahead_days))
        .select_related("review")
        .order_by("revisit_on", "position", "pk")
    )
    return due, coming


def tracker_row(recommendation: Recommendation, as_at: dt.date) -> TrackerRow:
    """One recommendation as the tracker shows it, with every action answering it."""
    for review in build_tracker(as_at=as_at, review=recommendation.review):
        for row in review.rows:
            if row.recommendation.pk == recommendation.pk:
                return row
    raise LookupError(recommendation.pk)
