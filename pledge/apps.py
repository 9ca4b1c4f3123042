from django.apps import AppConfig


class PledgeConfig(AppConfig):
    """The Pledge and pledge surveys (roadmap item 1): promises to children in care, and their surveys."""

    name = "pledge"
    verbose_name = "The Pledge"
    demo = "pledge.demo.seed_pledge"  # run by seed_demo
