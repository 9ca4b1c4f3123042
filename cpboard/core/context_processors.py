from django.conf import settings

from cpboard.core import disclosure
from cpboard.core.navigation import navigation_for


def council(request):
    """The council's own wording, and the navigation the signed-in person's roles allow."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "board_name": settings.BOARD_NAME,
        "cicc_name": settings.CICC_NAME,
        "children_term": settings.CHILDREN_TERM,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "disclosure_note": disclosure.note(),
        "navigation": navigation_for(request),
    }
