from django.apps import AppConfig


class ActionsConfig(AppConfig):
    """The board's action plan and the scrutiny recommendations it answers (roadmap item 5)."""

    name = "cpboard.actions"
    label = "actions"
    verbose_name = "Action plan and scrutiny recommendations"
    demo = "cpboard.actions.demo.seed_actions"  # run by seed_demo, after the demo people
