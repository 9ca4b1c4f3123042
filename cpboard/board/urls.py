from django.urls import path

from cpboard.board.views import evaluation

app_name = "board"

urlpatterns: list = [
    path("evaluation/", evaluation.evaluation, name="evaluation"),
    path("evaluation/pdf/", evaluation.evaluation_pdf, name="evaluation-pdf"),
]
