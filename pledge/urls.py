from django.urls import path

from pledge.views import messages, results

app_name = "pledge"
urlpatterns = [
    # Survey results: board members and officers (C)
    path("results/", results.results_list, name="results-list"),
    path("results/<int:pk>/", results.results_detail, name="results"),
    path("results/<int:pk>/export.<str:fmt>", results.results_export, name="results-export"),
    path("results/<int:pk>/results.pdf", results.results_pdf, name="results-pdf"),
    # Children's messages: officers check them before the board sees them (C)
    path("messages/", messages.message_list, name="message-list"),
    path("messages/<int:pk>/", messages.message_detail, name="message-detail"),
]
