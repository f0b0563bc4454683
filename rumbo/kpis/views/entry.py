"""Entering values: «Mis actualizaciones» on a phone, and the list of what is overdue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_safe

from rumbo.accounts.access import coop_view
from rumbo.accounts.models import Role
from rumbo.kpis import calendar, selectors
from rumbo.kpis.forms import ValueForm
from rumbo.kpis.models import Measurement
from rumbo.kpis.services.measurements import measurement_record
from rumbo.kpis.unreadable import unreadable_in


@coop_view(Role.EDITOR)
def my_updates(request):
    today = timezone.localdate()
    # the KPIs this person owns, of the areas they edit: values of other areas are not theirs to change
    rows = [
        row
        for row in selectors.due_values(request.coop, request.user, today)
        if request.membership.can_edit_area(row[0].area)
    ]
    lang = get_language() or "es"
    forms = []
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


def _save_all(request, forms) -> int | None:
    """Save every filled row in one transaction; if any row is wrong, save none and show why."""
    if not all(form.is_valid() for *_, form in forms):
        return None
    saved = 0
    try:
        with transaction.atomic():
            for kpi, period, _label, existing, form in forms:
                value = form.cleaned_data["value"]
                if value is None or not form.has_changed():
                    continue
                try:
                    result = measurement_record(
                        kpi=kpi,
                        period=period,
                        value=value,
                        note=form.cleaned_data["note"],
                        user=request.user,
                        version=form.cleaned_data["version"] if existing else None,
                        membership=request.membership,
                    )
                except ValidationError as err:
                    form.add_error("value", err)
                    raise
                saved += result.changed
    except ValidationError:
        return None
    return saved


@coop_view(Role.VIEWER)
@require_safe
def overdue(request):
    lang = get_language() or "es"
    rows = [
        (kpi, calendar.label(kpi, due, lang), latest and calendar.label(kpi, latest, lang))
        for kpi, due, latest in selectors.overdue(request.coop, timezone.localdate())
    ]
    return render(request, "kpis/overdue.html", {"rows": rows})
