"""Every reference of the catalogue opens as a link or reads as a citation: no address with spaces, no made-up host."""

from urllib.parse import urlsplit

import pytest

from rumbo.engine.choice.catalog import sources, template_sources, templates
from rumbo.engine.choice.catalog.references import Source, address_problem, parse_source


@pytest.mark.parametrize("number", sorted(sources()))
def test_every_source_url_is_an_http_address_with_a_host_and_no_spaces(number):
    source = sources()[number]
    assert source.url or source.note, number
    if source.url:
        parts = urlsplit(source.url)
        assert parts.scheme in ("http", "https"), (number, source.url)
        assert parts.hostname and "." in parts.hostname, (number, source.url)
        assert not any(c.isspace() for c in source.url) and source.url.isascii(), (number, source.url)


def test_a_citation_without_a_page_is_kept_as_a_citation():
    harpe = sources()[61]
    assert harpe.url == "" and harpe.note.startswith("Harpe, 'How to analyze Likert")
    palacios = sources()[62]
    assert palacios.url == "https://studylib.es/doc/5030971" and palacios.site == "studylib.es"
    assert palacios.note.startswith("Palacios Gómez")


def test_every_template_cites_known_sources():
    assert all(isinstance(s, Source) for t in templates() for s in template_sources(t))


@pytest.mark.parametrize(
    "url",
    [
        "https://Palacios Gómez, 'Estrategias', studylib.es/doc/5030971",
        "studylib.es/doc/5030971",
        "https://alexandrelim.com/books/measure-what-matters-okrs-growth-…",
        "ftp://example.org/x",
        "https://localhost/x",
        "javascript:alert(1)",
    ],
)
def test_an_address_that_would_not_open_is_refused(url):
    assert address_problem(url)
    with pytest.raises(ValueError, match="no es una dirección válida"):
        parse_source(7, url)


@pytest.mark.parametrize(
    "value",
    [{"url": "https://example.org"}, {"note": ""}, {"url": "https://example.org", "note": "x", "extra": "y"}, 7],
)
def test_a_table_without_a_note_or_with_unknown_keys_is_refused(value):
    with pytest.raises(ValueError, match="ni una dirección ni una cita"):
        parse_source(7, value)


def test_a_note_may_go_with_an_address():
    source = parse_source(1, {"url": "https://www.example.org/a?b=1", "note": "Autora, 2020"})
    assert (source.url, source.site, source.note) == ("https://www.example.org/a?b=1", "example.org", "Autora, 2020")
