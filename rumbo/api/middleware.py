"""Under /api/: a body over the cap is refused before it is read, and any error page becomes a JSON problem."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from rumbo.api.limits import MAX_BODY_BYTES
from rumbo.api.problems import problem, too_big

API_PREFIX = "/api/"


class ApiProblemMiddleware:
    """Errors the API's own handlers never see (an unknown route, a method a route does not take) answer in JSON too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (request.path_info + "/").startswith(API_PREFIX):
            return self.get_response(request)
        size = _content_length(request)
        if size > MAX_BODY_BYTES:
            return too_big(size)
        response = self.get_response(request)
        if response.status_code < 400 or "json" in response.get("Content-Type", ""):
            return response
        replaced = problem(response.status_code, method=request.method)
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
