from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from cpboard.core import health

admin.site.site_header = f"{settings.COUNCIL_NAME}: {settings.BOARD_NAME} administration"
admin.site.site_title = "cpboard administration"
admin.site.login = login_not_required(  # type: ignore[method-assign]  # our sign-in page, with MFA
    lambda request, extra_context=None: _admin_login(request)
)


def _admin_login(request):
    """Django admin's own sign-in page is replaced by ours (with MFA); signed-in people without the
    Administrator role are refused, not sent round a sign-in loop."""
    from django.core.exceptions import PermissionDenied
    from django.shortcuts import redirect
    from django.urls import reverse

    if request.user.is_authenticated:
        raise PermissionDenied("Only administrators can use the administration pages.")
    return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")


urlpatterns = [
    path("", include("cpboard.core.urls")),
    path("account/", include("cpboard.accounts.urls")),
    path("performance/", include("performance.urls")),
    path("training/", include("training.urls")),
    path("pledge/", include("pledge.urls")),
    path("visits/", include("visits.urls")),
    path("action-plan/", include("cpboard.actions.urls")),
    path("board/", include("cpboard.board.urls")),
    path("django-admin/", admin.site.urls),
    # Answered by cpboard.core.health.HealthCheckMiddleware before routing; named here for reverse() and the
    # URL table.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler403 = "cpboard.core.views.permission_denied"
handler404 = "cpboard.core.views.page_not_found"
handler500 = "cpboard.core.views.server_error"
