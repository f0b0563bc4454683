"""Whatever is written, in whatever order, every page served from the page cache is the page rendered without it.

For random sequences of writes (values, targets, definitions, deletes and restores, check-ins,
imports, dataset versions, forecasts, a person's name, a new day), every page (the board, with a
filter and as an htmx partial, each KPI's page, the OKR page) is read by the admin, the editor and
the viewer, in Spanish and in English, with the "pages" cache and without it, and the two are the
same to the byte but for the per-request CSRF token. The cache is filled before each write, so a
body kept for the data before the write would be served after it; a second read must come from
the cache, and each write must show on the page it changes, so the test cannot pass by serving an
old page twice.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test.utils import override_settings
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.accounts import page_cache_world as w
from tests.fuzz import fuzzing

# A short run on every `make test` (about 20 s): the sequence below and one drawn, each read by two readers who
# differ in their role or their language, the second reading what the first left in the cache. `make fuzz`
# (tests/fuzz.py) draws a few sequences of up to 12 writes, read by all six readers.
FUZZING = fuzzing()
SEQUENCES = hypothesis_settings(
    max_examples=2 if FUZZING else 1,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # an example costs seconds: the failure names its write
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
EVERYONE = [(role, lang) for role in w.ROLES for lang in w.LANGUAGES]
PAIRS = st.sampled_from(EVERYONE).flatmap(
    lambda a: st.sampled_from([b for b in EVERYONE if (a[0] == b[0]) != (a[1] == b[1])]).map(lambda b: [a, b])
)
READERS = st.just(EVERYONE) if FUZZING else PAIRS
LONGEST = 12 if FUZZING else 6

BACK = st.integers(min_value=0, max_value=23)  # months before today's
FIGURE = st.integers(min_value=0, max_value=5000)
WRITES = st.one_of(
    st.tuples(st.just(w.write_value), st.integers(0, 1), BACK, FIGURE),
    st.tuples(st.just(w.write_values), BACK, st.lists(FIGURE, min_size=1, max_size=2)),
    st.tuples(st.just(w.write_value_removal), st.integers(0, 1), st.integers(0, 30)),
    st.tuples(st.just(w.write_target), st.integers(0, 2), FIGURE),
    st.tuples(st.just(w.write_definition), st.integers(0, 2), st.sampled_from(["ventas", "pedidos", "soles"])),
    st.tuples(st.just(w.write_bin), st.booleans()),
    st.tuples(st.just(w.write_check_in), st.integers(0, 60), st.integers(0, 10)),
    st.tuples(st.just(w.write_import), BACK, st.lists(FIGURE, min_size=1, max_size=2)),
    st.tuples(st.just(w.write_dataset), st.integers(0, 11), st.lists(st.integers(1, 9000), min_size=1, max_size=3)),
    st.tuples(st.just(w.write_refresh)),
    st.tuples(st.just(w.write_name)),
    st.tuples(st.just(w.write_day), st.integers(1, 40)),
)

# Per request: the CSRF token, masked anew each time, in the forms and in htmx's headers.
TOKENS = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value="TOKEN"'),
    (re.compile(r'"X-CSRFToken": "[^"]*"'), '"X-CSRFToken": "TOKEN"'),
]


@dataclass(frozen=True)
class Shot:
    status: int
    body: str
    pushed: str | None
    queries: int


def read(viewer: w.Viewer, page: w.Page, *, cached: bool) -> Shot:
    headers = {"HTTP_HX_REQUEST": "true"} if page.htmx else {}
    without = {**django_settings.CACHES, "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    queries = []

    def counted(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with nullcontext() if cached else override_settings(CACHES=without), connection.execute_wrapper(counted):
        response = viewer.client.get(page.url, **headers)
    body = response.content.decode()
    for pattern, fixed in TOKENS:
        body = pattern.sub(fixed, body)
    return Shot(response.status_code, body, response.get("HX-Push-Url"), len(queries))


def read_everything(world: w.World, readers: list[w.Viewer], after: str) -> dict[tuple[str, str, str], Shot]:
    """Every page for each reader in turn, with the cache and without; the bodies without, by page and reader."""
    seen = {}
    for page in world.pages():
        for viewer in readers:
            where = f"{page.name} ({page.url}) as {viewer.role}/{viewer.lang}, after {after}"
            first = read(viewer, page, cached=True)  # may be a body kept before the last write
            fresh = read(viewer, page, cached=False)
            again = read(viewer, page, cached=True)  # kept now, if it was not
            assert fresh.status in (200, 404), where
            assert (first.status, first.pushed) == (fresh.status, fresh.pushed), where
            assert first.body == fresh.body, f"the cached page differs from the page rendered anew: {where}"
            assert again.body == fresh.body, where
            if fresh.status == 200:
                assert again.queries < fresh.queries, f"the second read did not come from the cache: {where}"
            seen[(page.name, viewer.role, viewer.lang)] = fresh
    return seen


@pytest.fixture
def world(cast, monkeypatch, settings):
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600  # the readers stay signed in however far the days move on
    return w.World(cast, monkeypatch)


@SEQUENCES
@given(chosen=READERS, writes=st.lists(WRITES, min_size=1, max_size=LONGEST))
@example(  # every run: the writes that reach the pages through a row's own signal, and a new day
    chosen=[("editor", "es"), ("viewer", "es")],
    writes=[
        (w.write_name,),
        (w.write_check_in, 33, 4),
        (w.write_bin, False),
        (w.write_bin, True),
        (w.write_dataset, 2, [450]),
        (w.write_day, 3),
        (w.write_import, 1, [61, 702]),
    ],
)
def test_every_page_from_the_cache_is_the_page_rendered_anew(world, chosen, writes):
    readers = [next(r for r in world.readers if (r.role, r.lang) == who) for who in chosen]
    with transaction.atomic():
        world.clock.days = 0
        before = read_everything(world, readers, "nothing")
        for n, (write, *drawn) in enumerate(writes, start=1):
            shows = write(world, n, *drawn)
            step = f"write {n}: {write.__name__}{tuple(drawn)}"
            after = read_everything(world, readers, step)
            for seen in shows:
                for reader in readers:
                    now = after[(seen.page, reader.role, reader.lang)]
                    if now.status != 200:
                        continue
                    assert now.body != before[(seen.page, reader.role, reader.lang)].body, (
                        f"{step} did not change {seen.page}"
                    )
                    assert seen.text in now.body, f"{step}: «{seen.text}» not on {seen.page}"
            before = after
        transaction.set_rollback(True)
