from django.conf import settings
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Pages with data must not be kept by browsers or proxies: every response to a signed-in person,
    and every non-static response, carries Cache-Control: no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
        return response


class PermissionsPolicyMiddleware:
    """Permissions-Policy on every response: the browser features no page uses (settings.PERMISSIONS_POLICY)
    are switched off, for the site and for anything it might embed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})" for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose Content-Length is over the limit with a plain 413 page, before anything reads its
    body: uploads (multipart) may be settings.REQUEST_MAX_BYTES (the upload limit plus the form around it),
    anything else DATA_UPLOAD_MAX_MEMORY_SIZE. A file a little over the upload limit still arrives, and the
    upload check (cpboard/core/uploads.py) says so next to the file field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        upload = request.content_type == "multipart/form-data"
        limit = settings.REQUEST_MAX_BYTES if upload else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if length > limit:
            from cpboard.core.availability import standalone_page
            from cpboard.core.uploads import _human_size  # worded as the upload check words it

            return standalone_page(
                "413.html",
                status=413,
                context={
                    "upload": upload,
                    "upload_limit": _human_size(settings.UPLOAD_MAX_BYTES),
                    "back_url": "/" + request.path.lstrip("/"),  # never //elsewhere
                },
            )
        return self.get_response(request)
