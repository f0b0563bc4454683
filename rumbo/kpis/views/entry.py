"""Entering values: «Mis actualizaciones» on a phone, and the list of what is overdue."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.accounts.requests import CoopRequest
from rumbo.kpis import calendar, selectors
from rumbo.kpis.choices import Source
from rumbo.kpis.forms import ValueForm
from rumbo.kpis.models import Kpi, Measurement
from rumbo.kpis.services.offline import entry_ids_read, form_once
from rumbo.kpis.services.values import ManyRecordError, NewValue, values_record_many
from rumbo.kpis.unreadable import unreadable_in

Row = tuple[
    Kpi, date, str, Measurement | None, ValueForm
]  # a KPI, its due period and its label, the value there, the form


@coop_view(Role.EDITOR)
def my_updates(request: CoopRequest) -> HttpResponse:
    today = timezone.localdate()
    # the KPIs this person owns, of the areas they edit: values of other areas are not theirs to change
    rows = [
        row
        for row in selectors.due_values(request.coop, request.user, today)
        if request.membership.can_edit_area(row[0].area)
    ]
    lang = get_language() or "es"
    forms: list[Row] = []
    for kpi, period, existing in rows:
        initial = {"value": existing.value, "note": existing.note, "version": existing.version} if existing else {}
        data = request.POST if request.method == "POST" else None
        form = ValueForm(data, initial=initial, prefix=f"k{kpi.pk}")
        forms.append((kpi, period, calendar.label(kpi, period, lang), existing, form))
    if request.method == "POST":
        saved = _save_all(request, forms)
        if saved is not None:
            messages.success(
                request, ngettext("Se guardó %(n)s valor.", "Se guardaron %(n)s valores.", saved) % {"n": saved}
            )
            return redirect("kpis:my_updates", coop_slug=request.coop.slug)
    # A value already there that cannot be read (out of range) shows empty: what is typed replaces it.
    unreadable = unreadable_in(
        Measurement.objects.filter(pk__in=[existing.pk for *_, existing, _f in forms if existing])
    )
    return render(request, "kpis/my_updates.html", {"rows": forms, "unreadable": unreadable})


def _save_all(request: CoopRequest, forms: list[Row]) -> int | None:
    """Save every filled row at once, all or none; if any row is wrong, save none and show why."""
    if not all(form.is_valid() for *_, form in forms):
        return None
    filled = [
        (form, NewValue(kpi, period, form.cleaned_data["value"], form.cleaned_data["note"], _version(form, existing)))
        for kpi, period, _label, existing, form in forms
        if form.cleaned_data["value"] is not None and form.has_changed()
    ]
    # each row with the phone's entry id when a page sent them: kept on the phone if the answer is lost, stored once
    ids = entry_ids_read([request.POST.get(f"{form.prefix}-entry_id") for form, _value in filled])
    try:
        written = form_once(
            entry_ids=ids,
            coop=request.coop,
            user=request.user,
            kind="value",
            write=lambda: values_record_many(
                [value for _form, value in filled],
                user=request.user,
                source=Source.MANUAL,
                membership=request.membership,
            ),
        )
    except ManyRecordError as err:
        filled[err.index][0].add_error("value", err)
        return None
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return None
    if written is None:
        return len(filled)  # sent before from the phone: stored then
    return written.created + written.updated


def _version(form: ValueForm, existing: Measurement | None) -> int | None:
    return form.cleaned_data["version"] if existing else None


@coop_view(Role.VIEWER)
@require_safe
def overdue(request: CoopRequest) -> HttpResponse:
    lang = get_language() or "es"
    rows = [
        (kpi, calendar.label(kpi, due, lang), latest and calendar.label(kpi, latest, lang))
        for kpi, due, latest in selectors.overdue(request.coop, timezone.localdate())
    ]
    return render(request, "kpis/overdue.html", {"rows": rows})
