from django.apps import AppConfig


class VisitsConfig(AppConfig):
    """Regulation 33/44 visits to children's homes (roadmap item 2)."""

    name = "visits"
    verbose_name = "Regulation 33/44 visits"
    demo = "visits.demo.seed_visits"  # run by seed_demo, after the demo people and training
