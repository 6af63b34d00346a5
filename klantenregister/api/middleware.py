from klantenregister.api.versions import api_for_path


class ApiVersionMiddleware:
    """Adds the `API-version` header to every response of a versioned API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # path_info, not path: behind a SCRIPT_NAME prefix the API paths still match.
        info = api_for_path(request.path_info)
        # A view that knows better keeps its own (the first-generation verzoeken: 1.0.0-beta).
        if info is not None and not response.has_header("API-version"):
            response["API-version"] = info.version
        return response
