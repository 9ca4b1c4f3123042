from django.conf import settings

from cpboard.core import disclosure
from cpboard.core.navigation import navigation_for, sub_navigation


def council(request):
    """The council's own wording, and the navigation the signed-in person's roles allow."""
    navigation = navigation_for(request)
    return {
        "council_name": settings.COUNCIL_NAME,
        "board_name": settings.BOARD_NAME,
        "cicc_name": settings.CICC_NAME,
        "children_term": settings.CHILDREN_TERM,
        "protective_marking": settings.PROTECTIVE_MARKING,
        "disclosure_note": disclosure.note(),
        "navigation": navigation,
        "sub_navigation": sub_navigation(navigation),
    }
