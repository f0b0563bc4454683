"""The two printed reports: «Tablero para la asamblea» on one A4 page, and the full report.

The page, `rumbo report` and the tests all come here. Each call works in the report's own
language (`Options.lang`), whatever the language of the person or process asking.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone, translation

from rumbo.orgs.models import Cooperative
from rumbo.reports import pdf
from rumbo.reports.presenters.assembly import AssemblyBoard, Options, assembly_board
from rumbo.reports.presenters.full import full_report


@dataclass(frozen=True)
class Rendered:
    data: bytes
    filename: str
    pages: int
    kpis_shown: int  # KPIs on the one-page board; every KPI of the full report


def _context(report: AssemblyBoard, title: str) -> dict[str, object]:
    return {
        "report": report,
        "coop": report.coop,
        "lang": report.options.lang,
        "title": title,
        "produced_on": report.produced_on,
        "logo": pdf.logo_url(report.coop),
    }


def _filename(kind: str, coop: Cooperative, options: Options) -> str:
    return f"{kind}-{coop.slug}-{options.as_of.isoformat()}.pdf"


def assembly_pdf(*, coop: Cooperative, options: Options, produced_on: date | None = None) -> Rendered:
    """One page: objectives, OKR scores when a cycle runs, and as many KPIs as fit, those needing attention first."""
    produced_on = produced_on or timezone.localdate()
    with translation.override(options.lang):
        report = assembly_board(coop, options, produced_on=produced_on)
        context = _context(report, translation.gettext("Tablero para la asamblea") + f" · {coop.name}")
        doc, shown = pdf.one_page("reports/pdf/board.html", context, prefix="tile-")
        data = pdf.write(doc)
    return Rendered(data, _filename("tablero", coop, options), len(doc.pages), shown)


def full_pdf(*, coop: Cooperative, options: Options, produced_on: date | None = None) -> Rendered:
    """A first page with the objectives and OKRs, then a page per objective (or area) with each KPI's chart."""
    produced_on = produced_on or timezone.localdate()
    with translation.override(options.lang):
        report = full_report(coop, options, produced_on=produced_on)
        context = _context(report.board, translation.gettext("Informe completo") + f" · {coop.name}") | {"full": report}
        doc = pdf.document("reports/pdf/full.html", context)
        data = pdf.write(doc)
    return Rendered(
        data, _filename("informe", coop, options), len(doc.pages), sum(len(s.blocks) for s in report.sections)
    )
