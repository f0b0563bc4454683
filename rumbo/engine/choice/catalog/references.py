"""The catalogue's numbered references: a web address that opens, or a plain citation; never a broken link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from rumbo.engine.errors import RumboError, gettext_noop


@dataclass(frozen=True)
class Source:
    """One reference: `url` is "" for a citation without a page; `note` says what it is (author, work, detail)."""

    url: str
    note: str = ""

    @property
    def site(self) -> str:
        """The host a reader sees as the link's text (`www.` dropped)."""
        host = urlsplit(self.url).hostname or ""
        return host.removeprefix("www.")


def address_problem(url: str) -> str | None:
    """Why an address would not open as a link (None when it is a usable http(s) address)."""
    if not url.isascii() or any(c.isspace() for c in url):
        return "spaces or characters that are not percent-encoded"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "not an http(s) address"
    if not parts.hostname or "." not in parts.hostname:
        return "no host"
    return None


def parse_source(number: int, value: str | Mapping[str, str]) -> Source:
    """A source from `sources.toml`: an address string, or a table with an optional `url` and a `note`."""
    if isinstance(value, str):
        source = Source(url=value)
    elif isinstance(value, Mapping) and set(value) <= {"url", "note"} and value.get("note"):
        source = Source(url=value.get("url", ""), note=value["note"])
    else:
        raise RumboError(
            gettext_noop("La fuente %(number)s del catálogo no es ni una dirección ni una cita."), number=number
        )
    if source.url and address_problem(source.url):
        raise RumboError(
            gettext_noop("La fuente %(number)s del catálogo no es una dirección válida: %(url)s"),
            number=number,
            url=source.url,
        )
    return source
