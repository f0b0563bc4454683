"""Every change asked for with a key goes through `change`: write access, idempotency, one transaction, activity.

A retry sent with the same `Idempotency-Key` and the same body within 24 hours gets the first
answer again and writes nothing; the same key with another body is refused (422). Only answers
that changed something are kept: a refused change can be sent again as it is.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Schema

from rumbo.api.auth import writer_for
from rumbo.api.errors import ApiProblem
from rumbo.api.models import ApiActivity, ApiToken, IdempotentAnswer

KEPT_FOR = timedelta(hours=24)
NO_REPLAY = "x-rumbo-no-replay"  # marks, in `openapi_extra`, a route whose answer is never kept: no Idempotency-Key
MAX_KEY = 255
JSON = "application/json; charset=utf-8"

Summary = Callable[[dict[str, Any], Any], str]


def change(summary: Summary, *, status: int = 200, replay: bool = True) -> Callable:
    """Wrap a write route: `summary(arguments, result)` is the line the key's activity list shows.

    `replay=False` for an answer that must never be kept, such as a secret shown once: the route
    then takes no `Idempotency-Key`, and each call is a new change.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            token = writer_for(request, kwargs["coop_slug"])
            key = request.headers.get("Idempotency-Key") if replay else None
            try:
                response, line = _run(view, request, token, key, status, summary, kwargs)
            except ApiProblem as refused:
                activity_record(token, request, refused.status, refused.detail)
                raise
            except IntegrityError:
                # The same key sent twice at once: the other request wrote first, and its answer is the one.
                kept = _answer(token, key) if key is not None else None
                if kept is None:
                    raise
                response = _replayed(kept, request, token)
                line = _("Repetida (misma clave de idempotencia)")
            activity_record(token, request, response.status_code, line)
            if not replay:
                response["Cache-Control"] = "no-store"  # kept nowhere on the way either
            return response

        return wrapper

    return decorator


def _run(
    view: Callable, request: HttpRequest, token: ApiToken, key: str | None, status: int, summary: Summary, kwargs: dict
) -> tuple[HttpResponse, str]:
    if key is not None:
        _check_key(key)
        kept = _answer(token, key)
        if kept is not None:
            return _replayed(kept, request, token), _("Repetida (misma clave de idempotencia)")
    with transaction.atomic():
        result = view(request, **kwargs)
        body = json.dumps(result.model_dump(mode="json") if isinstance(result, Schema) else result, ensure_ascii=False)
        if key is not None:
            # This key's answers past their 24 hours (the same key's among them) are no longer needed.
            IdempotentAnswer.objects.filter(token=token, created_at__lt=timezone.now() - KEPT_FOR).delete()
            IdempotentAnswer.objects.create(
                token=token, key=key, request_hash=_request_hash(request), status=status, body=body
            )
    return HttpResponse(body, status=status, content_type=JSON), summary(kwargs, result)


def _check_key(key: str) -> None:
    if not key.strip() or len(key) > MAX_KEY:
        detail = _("La cabecera Idempotency-Key debe tener entre 1 y %(n)s caracteres.") % {"n": MAX_KEY}
        raise ApiProblem(
            422, detail, [{"loc": ["header", "Idempotency-Key"], "field": "Idempotency-Key", "message": detail}]
        )


def _answer(token: ApiToken, key: str) -> IdempotentAnswer | None:
    return IdempotentAnswer.objects.filter(token=token, key=key, created_at__gte=timezone.now() - KEPT_FOR).first()


def _replayed(kept: IdempotentAnswer, request: HttpRequest, token: ApiToken) -> HttpResponse:
    if kept.request_hash != _request_hash(request):
        detail = _(
            "Esta clave de idempotencia ya se usó en las últimas 24 horas con otra petición; use una clave nueva "
            "para cada cambio distinto."
        )
        raise ApiProblem(
            422, detail, [{"loc": ["header", "Idempotency-Key"], "field": "Idempotency-Key", "message": detail}]
        )
    response = HttpResponse(kept.body, status=kept.status, content_type=JSON)
    response["Idempotent-Replayed"] = "true"
    return response


def _request_hash(request: HttpRequest) -> str:
    seen = hashlib.sha256()
    for part in (request.method or "", request.get_full_path(), request.content_type or ""):
        seen.update(part.encode() + b"\0")
    seen.update(request.body)
    return seen.hexdigest()


def activity_record(token: ApiToken, request: HttpRequest, status: int, summary: str) -> ApiActivity:
    return ApiActivity.objects.create(
        token=token, method=request.method or "", path=request.path[:300], status=status, summary=summary[:300]
    )
