"""«Importar valores»: upload a spreadsheet, read its preview, confirm; past imports; download the values."""

from pathlib import PurePath

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.downloads import attachment
from rumbo.engine.spreadsheets.writing import CONTENT_TYPES
from rumbo.imports import selectors
from rumbo.imports.forms import UploadForm
from rumbo.imports.presenters import display
from rumbo.imports.services.export import values_export
from rumbo.imports.services.values import value_import_create, values_commit
from rumbo.imports.uploads import UploadLimit, content_type_of


@csrf_exempt  # only so the size limit can be set before the body is read; _upload checks the token
@require_http_methods(["GET", "HEAD", "POST"])
@coop_view(Role.EDITOR)
def values(request: CoopRequest) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers.insert(0, UploadLimit(request, settings.RUMBO_UPLOAD_MAX_BYTES))
    return _upload(request)


@csrf_protect
def _upload(request: CoopRequest) -> HttpResponse:
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, too_big=getattr(request, "upload_too_big", False))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            value_import = value_import_create(
                coop=request.coop,
                data=upload.read(),
                filename=upload.name,
                user=request.user,
                membership=request.membership,
            )
            return redirect("imports:preview", coop_slug=request.coop.slug, pk=value_import.pk)
    context = {"form": form, "imports": selectors.recent_imports(request.coop)}
    return render(request, "imports/values.html", context, status=400 if form.errors else 200)


@coop_view(Role.EDITOR)
@require_safe
def preview(request: CoopRequest, pk: int) -> HttpResponse:
    value_import = selectors.import_get(request.coop, pk)
    lang = "en" if (get_language() or "es")[:2] == "en" else "es"
    context = {
        "imp": value_import,
        "groups": display.groups(value_import, lang),
        "problems": display.located(value_import.problems[: display.SHOWN_PROBLEMS]),
        "hidden_problems": max(0, value_import.failed - display.SHOWN_PROBLEMS),
        "notices": display.located(value_import.notices),
        "form": UploadForm(),
        "to_write": value_import.created + value_import.updated,
    }
    return render(request, "imports/preview.html", context)


@coop_view(Role.EDITOR)
@require_POST
def commit(request: CoopRequest, pk: int) -> HttpResponse:
    value_import = selectors.import_get(request.coop, pk)
    result = values_commit(coop=request.coop, import_=value_import, user=request.user, membership=request.membership)
    if not result.ok:
        for error in result.errors[:5]:
            messages.error(request, error)
        return redirect("imports:preview", coop_slug=request.coop.slug, pk=value_import.pk)
    messages.success(
        request,
        _("Se importó «%(name)s». Nuevos: %(created)s · cambiados: %(updated)s · sin cambios: %(unchanged)s.")
        % {
            "name": value_import.filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return redirect("kpis:board", coop_slug=request.coop.slug)


@coop_view(Role.EDITOR)
@require_safe
def kept_file(request: CoopRequest, pk: int) -> HttpResponse:
    """The uploaded file exactly as it came, always as a download with a spreadsheet (or binary) type."""
    value_import = selectors.import_get(request.coop, pk)
    try:
        with value_import.file.open("rb") as handle:
            data = handle.read()  # at most RUMBO_UPLOAD_MAX_BYTES
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    stored = PurePath(value_import.file.name or "").name
    return attachment(data, content_type_of(stored), stored)


@coop_view(Role.VIEWER)
@require_safe
def export(request: CoopRequest) -> HttpResponse:
    fmt = request.GET.get("formato", "csv")
    if fmt not in CONTENT_TYPES:
        raise Http404
    result = values_export(coop=request.coop, fmt=fmt)
    return attachment(result.data, result.content_type, result.filename)
