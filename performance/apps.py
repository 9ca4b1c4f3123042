from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "Performance indicators"
    demo = "performance.demo.seed_performance"  # run by seed_demo
