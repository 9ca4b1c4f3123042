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
