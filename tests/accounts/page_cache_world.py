"""The cooperative the page-cache property test writes to: its people in two languages, its pages, and its day."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rumbo.accounts.models import Membership, User
from rumbo.bin.services import bin_delete, bin_restore
from rumbo.datasets.services.loading import dataset_load
from rumbo.datasets.services.metrics import metric_define
from rumbo.imports.models import ValueImport
from rumbo.insight.services.forecasts import forecasts_refresh
from rumbo.kpis.choices import Source
from rumbo.kpis.models import Kpi
from rumbo.kpis.services.definitions import TargetInput, kpi_save
from rumbo.kpis.services.values import NewValue, value_record, value_remove, values_record_many
from rumbo.okrs.models import OkrObjective
from rumbo.okrs.services.check_ins import check_in_record
from tests.datasets.conftest import csv_bytes
from tests.factories import unsaved_kpi

ROLES = ("admin", "editor", "viewer")
LANGUAGES = ("es", "en")


class Clock:
    """The site's day: `timezone.now` moved on by whole days, and `timezone.localdate` with it.

    It starts at noon of today, and runs on from there, so no test run crosses a midnight by itself.
    """

    def __init__(self, monkeypatch):
        self.days = 0
        real, started = timezone.now, timezone.now()
        noon = timezone.localtime(started).replace(hour=12, minute=0, second=0, microsecond=0)
        monkeypatch.setattr(timezone, "now", lambda: noon + (real() - started) + timedelta(days=self.days))

    def today(self) -> date:
        return timezone.localdate()


def month_back(today: date, back: int) -> date:
    """The first day of the month `back` months before today's."""
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Viewer:
    role: str
    lang: str
    client: Client = field(compare=False, repr=False)


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    htmx: bool = False


class World:
    """Cooperative A of the shared cast with three KPIs (one computed from a dataset), values, targets, OKR check-ins.

    Every person of the cast has a twin who reads Rumbo in English, with the same role and areas, so
    each page is seen by the admin, the editor and the viewer in both languages. `writers` are the
    clients that post the forms, apart from the readers, so no message of a write shows on a page read.
    """

    def __init__(self, cast, monkeypatch):
        self.cast = cast
        self.coop = cast.coop
        self.clock = Clock(monkeypatch)
        people = {"admin": cast.admin, "editor": cast.editor, "viewer": cast.viewer}
        twins = {}
        for role, name, areas in (("admin", "alice", []), ("editor", "bob", ["ventas"]), ("viewer", "carol", [])):
            twins[role] = User.objects.create_user(
                username=f"{name}@example.org", email=f"{name}@example.org", first_name=name.title(), language="en"
            )
            Membership.objects.create(user=twins[role], cooperative=self.coop, role=role, areas=areas)
        self.readers = [
            Viewer(role, lang, _signed_in(user))
            for role in ROLES
            for lang, user in (("es", people[role]), ("en", twins[role]))
        ]
        self.writers = {"admin": _signed_in(cast.admin), "editor": _signed_in(cast.editor)}
        self._build()

    def _build(self) -> None:
        cast, today = self.cast, timezone.localdate()
        self.ventas = cast.kpi  # ventas, the editor's
        self.acopio = kpi_save(
            kpi=unsaved_kpi(cast, "Litros acopiados", area="produccion", unit="litros", aggregation="sum"),
            targets=[TargetInput(date(today.year, 1, 1), date(today.year, 12, 31), value=Decimal(9000))],
            user=cast.admin,
        )
        self.ingresos = kpi_save(
            kpi=unsaved_kpi(cast, "Ingresos por ventas", unit="soles", aggregation="sum"),
            targets=[TargetInput(date(today.year, 1, 1), date(today.year, 12, 31), value=Decimal(20000))],
            user=cast.admin,
        )
        values_record_many(
            [
                NewValue(kpi, month_back(today, back), Decimal(base + 7 * back), note="")
                for kpi, base in ((self.ventas, 30), (self.acopio, 700))
                for back in range(1, 13)
                if (kpi, month_back(today, back)) != (self.ventas, date(2025, 1, 1))  # the cast's own value
            ],
            user=cast.admin,
            source=Source.MANUAL,
        )
        rows = [
            (
                month_back(today, back).replace(day=5 + back).strftime("%d/%m/%Y"),
                "Ana",
                "pergamino",
                "2",
                f"{900 + back}",
            )
            for back in range(1, 7)
        ]
        dataset_load(coop=self.coop, name="ventas", data=csv_bytes(rows), filename="ventas.csv", user=cast.editor)
        metric_define(
            coop=self.coop,
            name=self.ingresos.name,
            dataset="ventas",
            measure="sum(Monto)",
            date="Fecha",
            user=cast.editor,
        )
        check_in_record(key_result=cast.key_result, on=today, confidence=6, value="18", user=cast.editor)
        check_in_record(key_result=cast.kpi_key_result, on=today, confidence=7, user=cast.editor)

    def kpi(self, which: Kpi) -> Kpi:
        """The KPI as it is now (renamed, moved to the bin or not)."""
        return Kpi.all_objects.get(pk=which.pk)

    def pages(self) -> list[Page]:
        slug = self.coop.slug
        board = reverse("kpis:board", args=[slug])
        okrs = reverse("okrs:page", args=[slug])
        return [
            Page("tablero", board),
            Page("tablero filtrado", f"{board}?kind=all&group=area"),
            Page("tablero htmx", f"{board}?area=ventas", htmx=True),
            *(
                Page(self.kpi_page(kpi), reverse("kpis:kpi_detail", args=[slug, kpi.pk]))
                for kpi in (self.ventas, self.acopio, self.ingresos)
            ),
            Page("okr", f"{okrs}?ciclo={self.cast.okr_cycle.pk}"),
        ]

    def kpi_page(self, kpi: Kpi) -> str:
        return f"indicador {kpi.pk}"


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Seen:
    """What a write must show: the page it changes, with a text it now holds (or only changed)."""

    page: str
    text: str = ""


def _posted(response, *expected: int) -> None:
    assert response.status_code in (expected or (302,)), (response.status_code, response.content[:2000])


# Each write takes the world, its number in the sequence, and what Hypothesis drew; it returns what it must show.


def write_value(world: World, n: int, which: int, back: int, number: int) -> list[Seen]:
    """A value typed on a KPI's page (the editor's form) or entered through the service (the admin)."""
    kpi = world.kpi((world.ventas, world.acopio)[which])
    if kpi.deleted_at is not None:
        kpi = world.kpi(world.ventas)
    period, note = month_back(world.clock.today(), back), f"nota-{n}"
    existing = kpi.measurements.filter(period=period).first()
    version = existing.version if existing else None
    if kpi.area == "ventas":
        url = reverse("kpis:kpi_value_add", args=[world.coop.slug, kpi.pk])
        data = {"period": period.isoformat(), "value": str(number), "note": note, "version": version or ""}
        _posted(world.writers["editor"].post(url, data))
    else:
        value_record(kpi=kpi, period=period, value=str(number), note=note, user=world.cast.admin, version=version)
    return [Seen(world.kpi_page(kpi), note)]


def write_values(world: World, n: int, back: int, numbers: list[int]) -> list[Seen]:
    """Several values at once, as «Mis actualizaciones» or the API write them."""
    kpis = [k for k in (world.kpi(world.ventas), world.kpi(world.acopio)) if k.deleted_at is None]
    period, note = month_back(world.clock.today(), back), f"nota-{n}"
    items = []
    for kpi, number in zip(kpis, numbers, strict=False):
        existing = kpi.measurements.filter(period=period).first()
        items.append(NewValue(kpi, period, str(number), note, existing.version if existing else None))
    values_record_many(items, user=world.cast.admin, source=Source.MANUAL)
    return [Seen(world.kpi_page(item.kpi), note) for item in items]


def write_value_removal(world: World, n: int, which: int, index: int) -> list[Seen]:
    """A value deleted: the editor's button on the page of Ventas, the service for the other KPI."""
    kpi = world.kpi((world.ventas, world.acopio)[which])
    measurements = list(kpi.measurements.order_by("period"))
    if not measurements or kpi.deleted_at is not None:
        return []
    gone = measurements[index % len(measurements)]
    if kpi.area == "ventas":
        url = reverse("kpis:value_remove", args=[world.coop.slug, gone.pk])
        _posted(world.writers["editor"].post(url, {"version": str(gone.version)}))
    else:
        value_remove(measurement=gone, user=world.cast.admin, version=gone.version)
    return [Seen(world.kpi_page(kpi))]


def write_target(world: World, n: int, which: int, number: int) -> list[Seen]:
    """A KPI's target schedule changed: its first target takes a new figure."""
    kpi = world.kpi((world.ventas, world.acopio, world.ingresos)[which])
    targets = [TargetInput(t.start, t.end, t.value, t.low, t.high) for t in kpi.targets.order_by("start")]
    changed = targets[0].value != Decimal(number)
    targets[0] = TargetInput(targets[0].start, targets[0].end, value=Decimal(number))
    kpi_save(kpi=kpi, targets=targets, user=world.cast.admin)
    return [Seen(world.kpi_page(kpi))] if changed else []


def write_definition(world: World, n: int, which: int, unit: str) -> list[Seen]:
    """A KPI renamed, with a new unit: its page and the board name it so."""
    kpi = world.kpi((world.ventas, world.acopio, world.ingresos)[which])
    kpi.name, kpi.unit = f"{kpi.name.split(' · ')[0]} · {n}", unit
    targets = [TargetInput(t.start, t.end, t.value, t.low, t.high) for t in kpi.targets.all()]
    kpi_save(kpi=kpi, targets=targets, user=world.cast.admin)
    seen = [Seen(world.kpi_page(kpi), kpi.name)]
    return seen + [Seen("tablero", kpi.name)] if kpi.deleted_at is None and kpi.kind == "kpi" else seen


def write_bin(world: World, n: int, objective: bool) -> list[Seen]:
    """Litros acopiados or the OKR objective moved to the bin, or brought back: by a button or by the service."""
    admin, slug = world.writers["admin"], world.coop.slug
    if objective:
        row = OkrObjective.all_objects.get(pk=world.cast.okr_objective.pk)
        if row.deleted_at is None:
            bin_delete(row=row, user=world.cast.admin)
        else:
            _posted(admin.post(reverse("okrs:objective_restore", args=[slug, row.pk])))
        return [Seen("okr")]
    kpi = world.kpi(world.acopio)
    if kpi.deleted_at is None:
        _posted(admin.post(reverse("kpis:kpi_remove", args=[slug, kpi.pk])))
    else:
        bin_restore(row=kpi, user=world.cast.admin)
    return [Seen("tablero")]


def write_check_in(world: World, n: int, value: int, confidence: int) -> list[Seen]:
    """The editor's weekly check-in of «Nuevos compradores», through its form."""
    key_result = world.cast.key_result
    if OkrObjective.all_objects.get(pk=key_result.objective_id).deleted_at is not None:
        return []
    key_result.refresh_from_db()
    last = key_result.check_ins.order_by("-date").first()
    on = min(world.clock.today(), world.cast.okr_cycle.end)
    data = {"date": on.isoformat(), "value": str(value), "confidence": str(confidence), "comment": f"semana {n}"}
    _posted(world.writers["editor"].post(reverse("okrs:check_in", args=[world.coop.slug, key_result.pk]), data))
    shown = (key_result.current, last.confidence if last else None)
    return [Seen("okr")] if shown != (Decimal(value), confidence) else []


def write_import(world: World, n: int, back: int, numbers: list[int]) -> list[Seen]:
    """A spreadsheet of values uploaded, previewed and confirmed by the admin."""
    period = month_back(world.clock.today(), back)
    month = f"{MONTHS[period.month - 1]}-{period.year}"
    kpis = [k for k in (world.kpi(world.ventas), world.kpi(world.acopio)) if k.deleted_at is None]
    rows = list(zip(kpis, numbers, strict=False))
    changed = [kpi for kpi, number in rows if _value(kpi, period) != Decimal(number)]
    text = "kpi;periodo;valor\n" + "".join(f"{kpi.slug};{month};{number}\n" for kpi, number in rows)
    admin, slug = world.writers["admin"], world.coop.slug
    upload = SimpleUploadedFile(f"valores-{n}.csv", text.encode(), content_type="text/csv")
    response = admin.post(reverse("imports:values", args=[slug]), {"file": upload})
    _posted(response)
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    _posted(admin.post(reverse("imports:commit", args=[slug, pk])))
    assert ValueImport.objects.get(pk=pk).status == ValueImport.Status.COMMITTED
    return [Seen(world.kpi_page(kpi)) for kpi in changed]


def write_dataset(world: World, n: int, back: int, amounts: list[int]) -> list[Seen]:
    """New sales appended to the «ventas» records: a new version, and Ingresos por ventas recomputed."""
    day = month_back(world.clock.today(), back).replace(day=10).strftime("%d/%m/%Y")
    rows = [(day, f"Cliente {n}", "tostado", "1", str(amount)) for amount in amounts]
    data = csv_bytes(rows)
    dataset_load(
        coop=world.coop, name="ventas", data=data, filename=f"ventas-{n}.csv", append=True, user=world.cast.editor
    )
    return [Seen(world.kpi_page(world.ingresos))]


def write_refresh(world: World, n: int) -> list[Seen]:
    """The background refresh of forecasts, as the worker runs it (after a new day, the forecasts are stale)."""
    forecasts_refresh(coop=world.coop)
    return []


def write_name(world: World, n: int) -> list[Seen]:
    """The editor changes their name in «Mi cuenta»: the owner of Ventas and of the OKR objective."""
    editor = world.cast.editor
    editor.refresh_from_db()
    name = f"Beto {n}"
    data = {"first_name": name, "last_name": "", "language": editor.language}
    data |= {"digest_opt_in": "on"} if editor.digest_opt_in else {}
    _posted(world.writers["editor"].post(reverse("profile"), data))
    return [Seen(world.kpi_page(world.ventas), name)]


def write_day(world: World, n: int, days: int) -> list[Seen]:
    """A new day (or a few): the board says what day its figures are of."""
    world.clock.days += days
    return [Seen("tablero", "")]


def _value(kpi: Kpi, period: date) -> Decimal | None:
    return kpi.measurements.filter(period=period).values_list("value", flat=True).first()


MONTHS = ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"]
