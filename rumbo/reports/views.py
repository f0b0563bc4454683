"""The «Informes» page: choose a report's options and download it as PDF, or download the spreadsheets."""

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.downloads import attachment
from rumbo.kpis import selectors
from rumbo.reports import okrs
from rumbo.reports.forms import FORMATS, TABLES, ExportForm, ReportForm
from rumbo.reports.services.exports import export_file
from rumbo.reports.services.pdfs import assembly_pdf, full_pdf


def _report_form(request: CoopRequest, data: QueryDict | None = None) -> ReportForm:
    return ReportForm(
        data,
        objectives=list(selectors.objectives_of(request.coop)),
        today=timezone.localdate(),
        language=get_language(),
    )


def _page(
    request: CoopRequest, form: ReportForm, status: int = 200, export_errors: list[str] | None = None
) -> HttpResponse:
    context = {
        "form": form,
        "tables": TABLES,
        "formats": FORMATS,
        "export_errors": export_errors or [],
        "okrs": okrs.available(),
        "values_export": _has_values_export(),
    }
    return render(request, "reports/page.html", context, status=status)


def _has_values_export() -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        reverse("imports:export", args=["x"])
    except NoReverseMatch:
        return False
    return True


@coop_view(Role.VIEWER)
@require_safe
def page(request: CoopRequest) -> HttpResponse:
    return _page(request, _report_form(request))


@coop_view(Role.VIEWER)
@require_safe
def report_pdf(request: CoopRequest) -> HttpResponse:
    """The PDF for the options in the address; the page again, with what is wrong, when they do not make sense."""
    form = _report_form(request, request.GET)
    if not form.is_valid():
        return _page(request, form, status=400)
    build = full_pdf if form.cleaned_data["tipo"] == "completo" else assembly_pdf
    rendered = build(coop=request.coop, options=form.options())
    return attachment(rendered.data, "application/pdf", rendered.filename)


@coop_view(Role.VIEWER)
@require_safe
def export(request: CoopRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        errors = [str(e) for errors in form.errors.values() for e in errors]
        return _page(request, _report_form(request), status=400, export_errors=errors)
    exported = export_file(coop=request.coop, table=form.cleaned_data["tabla"], fmt=form.cleaned_data["formato"])
    return attachment(exported.data, exported.content_type, exported.filename)
