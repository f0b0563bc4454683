"""Reading KPIs: the board of the cooperative and the page of one KPI."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.kpis import calendar, filters, readings, selectors, unreadable
from rumbo.kpis.forms import PeriodValueForm
from rumbo.kpis.models import Kpi
from rumbo.kpis.presenters import detail, tiles
from rumbo.kpis.presenters.sections import board_pins, build_sections, prepare_sections, tile_notes
from rumbo.kpis.services import values
from rumbo.kpis.services.offline import entry_ids_read, form_once
from rumbo.orgs.fragments import cached_body, kept_page


@coop_view(Role.VIEWER)
@require_safe
@vary_on_headers("HX-Request")
@kept_page
@gzip_page  # 60 tiles are ~120 KB of HTML and ~12 KB gzipped: it matters on a rural connection
def board(request: CoopRequest) -> HttpResponse:
    asked = [request.GET.urlencode()]  # the links the page offers keep the query as it was typed
    if request.htmx and not request.htmx.history_restore_request:
        results = cached_body(request, "kpis/_board_results.html", lambda: _board_context(request), vary=asked)
        query = filters.tidy(request.GET)
        return push_url(HttpResponse(results), f"{request.path}?{query}" if query else request.path)
    body = cached_body(request, "kpis/_board_body.html", lambda: _board_context(request), vary=asked)
    return render(request, "kpis/board.html", {"body": body})


def _board_context(request: CoopRequest) -> dict[str, object]:
    lang = tiles.lang_of(get_language())
    found = readings.read_board(request.coop, today=timezone.localdate())  # with the cached forecasts that hold
    cards = [tiles.objective_card(objective, summary, lang) for objective, summary in found.objectives]
    form = filters.BoardFilterForm(request.GET, kpis=found.kpis, objectives=[card.objective for card in cards])
    criteria = form.criteria(pinned=board_pins(request.coop, found.kpis))  # a federation's network indicators
    words, link = tiles.words(lang), tiles.kpi_link(request.coop.slug)
    notes = tile_notes(request.coop, found.kpis, lang)  # a network's band, from the apps above kpis
    shown = tiles.sort_by_attention(
        [
            tiles.tile(
                k, found.reading(k), words, link(k.pk), unreadable=k.pk in found.unreadable, note=notes.get(k.pk, "")
            )
            for k in found.kpis
            if criteria.matches(k)
        ]
    )
    return {
        "form": form,
        "criteria": criteria,
        "cards": [card for card in cards if criteria.wanted.get("objective") in (None, card.objective.pk)],
        "groups": filters.group_tiles(shown, criteria, cards),
        "count": len(shown),
        "counts": Counter(t.status for t in shown),
        "hidden_metrics": criteria.hidden_metrics(found.kpis),
        "active": filters.active_filters(form, criteria, request.GET),
        "show_all": filters.with_kind(request.GET, "all"),
        "show_kpis": filters.with_kind(request.GET, "kpi"),
        "today": timezone.localdate(),
    }


def _render_detail(request: CoopRequest, kpi: Kpi, form: PeriodValueForm, status: int = 200) -> HttpResponse:
    can_edit = request.membership.can_edit_area(kpi.area)
    body = cached_body(
        request,
        "kpis/_kpi_body.html",
        lambda: _detail_context(
            kpi if not kpi.get_deferred_fields() else selectors.kpi_get(request.coop, kpi.pk), form, can_edit
        ),
        vary=[kpi.pk, can_edit],  # the rights in its area; the role is in every key
        keep=not form.is_bound,  # a refused value shows what was typed
    )
    return render(request, "kpis/kpi_detail.html", {"kpi": kpi, "body": body}, status=status)


def _detail_context(kpi: Kpi, form: PeriodValueForm, can_edit: bool) -> dict[str, object]:
    lang = get_language() or "es"
    prepared = prepare_sections(kpi, today=timezone.localdate())  # first, so the page's reading tells a fresh forecast
    return {
        "kpi": kpi,
        "page": (page := detail.kpi_page(kpi, lang=tiles.lang_of(lang), today=timezone.localdate())),
        **build_sections(
            prepared,
            kpi,
            page,
            lang=tiles.lang_of(lang),
            today=timezone.localdate(),
            can_edit=can_edit,
        ),
        "reading": page.reading,
        "values": [(m, calendar.label(kpi, m.period, lang)) for m in kpi.measurements.order_by("-period")],
        "targets": list(kpi.targets.all()),
        "history": (history := list(selectors.value_history(kpi)[:50])),
        # Figures that cannot be read (out of range): said as such, and offered to correct or delete.
        **unreadable.on_kpi_page(
            kpi,
            periods=page.unreadable_periods,
            spans=page.unreadable_targets,
            history=history,
            label=lambda period: calendar.label(kpi, period, lang),
        ),
        "can_edit": can_edit,
        "form": form,
    }


@coop_view(Role.VIEWER)
@require_safe
@kept_page
@gzip_page
def kpi_detail(request: CoopRequest, pk: int) -> HttpResponse:
    return _render_detail(request, selectors.kpi_head(request.coop, pk), PeriodValueForm())


@coop_view(Role.EDITOR)
@require_POST
def kpi_value_add(request: CoopRequest, pk: int) -> HttpResponse:
    kpi = selectors.kpi_get_editable(request.coop, request.membership, pk)
    form = PeriodValueForm(request.POST)
    if form.is_valid():
        try:
            # with the phone's entry id when a page sent it: kept on the phone if the answer is lost, stored once
            form_once(
                entry_ids=entry_ids_read([request.POST.get("entry_id")]),
                coop=request.coop,
                user=request.user,
                kind="value",
                write=lambda: values.value_record(
                    kpi=kpi,
                    period=form.cleaned_data["period"],
                    value=form.cleaned_data["value"],
                    note=form.cleaned_data["note"],
                    user=request.user,
                    version=form.cleaned_data["version"],
                    membership=request.membership,
                ),
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("Valor guardado."))
            return redirect("kpis:kpi_detail", coop_slug=request.coop.slug, pk=kpi.pk)
    return _render_detail(request, kpi, form, status=400)


@coop_view(Role.EDITOR)
@require_POST
def value_remove(request: CoopRequest, pk: int) -> HttpResponse:
    measurement = selectors.measurement_get(request.coop, pk)
    kpi = measurement.kpi
    version = request.POST.get("version", "")
    try:
        values.value_remove(
            measurement=measurement,
            user=request.user,
            version=int(version) if version.isdigit() else None,
            membership=request.membership,
        )
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(
            request,
            _("Valor de %(period)s borrado.")
            % {"period": calendar.label(kpi, measurement.period, get_language() or "es")},
        )
    return redirect("kpis:kpi_detail", coop_slug=request.coop.slug, pk=kpi.pk)
