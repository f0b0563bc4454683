"""Every page read in Spanish: no English word, no internal name, no «---------», even in the errors of a bad form."""

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from rumbo.engine.timeline.periods import shift
from rumbo.engine.vocab import Grain
from rumbo.insight.services.refresh import insight_refresh
from rumbo.kpis.models import Target
from tests.accounts.test_url_walk import coop_urls
from tests.insight.helpers import monthly_kpi

pytestmark = pytest.mark.slow  # every page of the cooperative, then every form with bad input

# English words that never belong in Spanish text, and the internal names (method codes, field names) that
# leak when a label is missing. Matched as whole words, ignoring case; «KPI», «OKR», «WhatsApp», «PDF»,
# «CSV», «XLSX», «API» and «e-mail» are accepted Spanish usage and are not listed.
ENGLISH = [
    "the",
    "and",
    "of",
    "to",
    "with",
    "your",
    "you",
    "is",
    "are",
    "Owner",
    "Created",
    "Changed",
    "Deleted",
    "Save",
    "Delete",
    "Remove",
    "Cancel",
    "None",
    "True",
    "False",
    "Yes",
    "No one",
    "Submit",
    "Search",
    "Next",
    "Previous",
    "Back",
    "Password",
    "Username",
    "Email address",
    "required",
    "This field",
    "Enter a valid",
    "Select a valid",
    "Ensure this value",
    "invalid",
    "must be",
    "Please",
    "Name",
    "Description",
    "Unknown",
    "Currently",
    "Change",
    "Clear",
    "Forecast",
    "Target",
    "Value",
    "Objective",
    "Key result",
    # field names shown as labels when a model field has no Spanish name
    "Title",
    "Kind",
    "Start",
    "End",
    "Note",
    "Status",
    "Position",
    "Parent",
    "Cycle",
    "Period",
    "Unit",
    "Frequency",
    "Direction",
    "Score",
    "Confidence",
    "Baseline",
    "Weight",
    "Comment",
    "File",
    "Mode",
    "Language",
    "Role",
    "Email",
    "ets",
    "ets_trend",
    "ets_seasonal",
    "ets_seasonal_log",
    "linear_trend",
    "linear_trend_seasonal",
    "seasonal_naive",
    "naive",
    "created",
    "owner",
    "history_type",
    "first_name",
    "last_name",
    "lifetime value",
    "customer",
    "feedback",
    "revenue",
]
WORD = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])", re.IGNORECASE)
INTERNAL = re.compile(r"-{4,}")


class VisibleText(HTMLParser):
    """What a reader sees: the text between tags, without scripts, styles or attributes."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("script", "style")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("script", "style")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_in(text: str) -> list[str]:
    found = [f"«{m.group(0)}» in …{text[max(0, m.start() - 50) : m.end() + 50]}…" for m in WORD.finditer(text)]
    return found + [f"«---------» in …{text[max(0, m.start() - 50) : m.end() + 50]}…" for m in INTERNAL.finditer(text)]


def check_page(response, where: str, problems: list[str]) -> None:
    if "text/html" not in response.get("Content-Type", ""):
        return
    problems += [f"{where}: {p}" for p in english_in(visible_text(response.content.decode()))]


def test_the_check_catches_english_internal_names_and_dashes():
    html = (
        '<p title="Owner">Responsable</p><script>var the = 1;</script><label>Owner</label>'
        "<td>Created: 35</td><p>(ets+linear_trend)</p><option>---------</option><p>This field is required.</p>"
    )
    found = " ".join(english_in(visible_text(html)))
    for word in ("Owner", "Created", "ets", "linear_trend", "---------", "This field", "required"):
        assert f"«{word}»" in found
    assert "«the»" not in found  # inside a script
    assert english_in(visible_text("<p>Un KPI, un OKR, un PDF por WhatsApp y el e-mail de la API.</p>")) == []


def kpi_with_a_forecast(cast):
    """A monthly KPI with three and a half years of values up to last month and a target for this year."""
    this_month = date.today().replace(day=1)
    kpi = monthly_kpi(
        cast, "acopio_mensual", name="Acopio del mes", first=shift(this_month, Grain.MONTH, -42), target=None
    )
    Target.objects.create(
        kpi=kpi, start=this_month.replace(month=1), end=this_month.replace(month=12, day=31), value=Decimal(1600)
    )
    insight_refresh(coop=cast.coop)  # what the background worker does after a write; pages only read
    return kpi


@pytest.mark.django_db
def test_every_page_of_the_cooperative_reads_in_spanish(as_admin, cast):
    forecast_kpi = kpi_with_a_forecast(cast)
    problems: list[str] = []
    for name, url in coop_urls(cast, cast.coop.slug):
        check_page(as_admin.get(url), f"GET {name}", problems)
    for name in ("home", "profile", "invitations", "password_change"):
        check_page(as_admin.get(reverse(name)), f"GET {name}", problems)
    forecast_page = as_admin.get(reverse("kpis:kpi_detail", args=[cast.coop.slug, forecast_kpi.pk]))
    assert "El pronóstico es la mediana de tres modelos sencillos" in forecast_page.content.decode()  # and names them
    check_page(forecast_page, "GET kpis:kpi_detail with a forecast", problems)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_pages_for_visitors_read_in_spanish(client, cast):
    problems: list[str] = []
    for name in ("login", "password_reset"):
        check_page(client.get(reverse(name)), f"GET {name}", problems)
        check_page(
            client.post(reverse(name), {"username": "", "password": "", "email": "no-es-correo"}),
            f"POST {name}",
            problems,
        )
    assert not problems, "\n".join(problems)


# What a careless hand types in every field: no number, no date, no address, an unknown choice.
BAD_INPUT = {
    "value": "mucho",
    "period": "ayer",
    "start": "ayer",
    "end": "pronto",
    "email": "no-es-correo",
    "role": "jefe",
    "name": "",
    "title": "",
    "frequency": "cada rato",
    "area": "luna",
    "decimals": "muchos",
    "kind": "x",
    "measure": "total(Monto)",
    "formula": "ventas +",
    "source": "dataset",
    "grain": "quincena",
    "score": "diez",
    "target": "alto",
    "owner": "999999",
    "objective": "999999",
    "dataset": "999999",
    "kpi": "999999",
    "language": "klingon",
    "first_name": "x" * 300,
    "confidence": "mucha",
    "baseline": "poca",
}


@pytest.mark.django_db
def test_the_errors_of_bad_forms_read_in_spanish(as_admin, cast):
    problems: list[str] = []
    shown = []
    urls = list(coop_urls(cast, cast.coop.slug))
    # Removals last, so the forms still have their objects when they are sent.
    urls.sort(key=lambda item: any(word in item[0] for word in ("remove", "restore", "unwatch")))
    for name, url in urls:
        response = as_admin.post(url, BAD_INPUT, follow=True)
        shown.append(response.content.decode())
        check_page(response, f"POST {name}", problems)
    for name in ("profile", "password_change"):
        response = as_admin.post(reverse(name), BAD_INPUT, follow=True)
        shown.append(response.content.decode())
        check_page(response, f"POST {name}", problems)
    # the bad input did reach Django's own validation, whose messages come from its Spanish catalogue
    for message in (
        "Este campo es obligatorio.",
        "Introduzca una fecha válida.",
        "Escoja una opción válida.",
        "Introduzca una dirección de correo electrónico válida.",
        "no es un número.",
    ):
        assert any(message in page for page in shown), message
    assert not problems, "\n".join(problems)
