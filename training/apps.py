from django.apps import AppConfig


class TrainingConfig(AppConfig):
    """Member training: courses, sessions, attendance and compliance (roadmap item 3)."""

    name = "training"
    verbose_name = "Member training"
    demo = "training.demo.seed_training"  # run by seed_demo, after the demo people
