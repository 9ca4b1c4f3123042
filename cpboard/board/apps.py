from django.apps import AppConfig


class BoardConfig(AppConfig):
    """Board meetings, the questions log, the work programme and PDF board packs. Nothing imports it."""

    name = "cpboard.board"
    label = "board"
    verbose_name = "Board meetings and packs"
    demo = "cpboard.board.demo.seed_board"  # run by seed_demo, last: it draws on every other app's demo
