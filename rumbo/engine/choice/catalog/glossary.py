"""The "?" explanations of the method (KPI vs métrica, prospectivo…), loaded from glossary.toml."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType

from rumbo.engine.choice.catalog import CatalogError, sources
from rumbo.engine.errors import gettext_noop


@dataclass(frozen=True)
class GlossaryEntry:
    slug: str
    keys: tuple[str, ...]  # vocab values this entry explains, e.g. ("leading", "lagging")
    term_es: str
    term_en: str
    text_es: str
    text_en: str
    # the deck's own words, quoted in the text of their language (the deck's English slides in text_en, told in
    # Spanish words in text_es, so a Spanish page shows no English); "" when the deck has none
    deck_quote: str
    sources: tuple[int, ...]

    def term(self, lang: str = "es") -> str:
        return self.term_en if lang[:2] == "en" else self.term_es

    def text(self, lang: str = "es") -> str:
        return self.text_en if lang[:2] == "en" else self.text_es


@cache
def glossary() -> Mapping[str, GlossaryEntry]:
    """Every entry by slug, in file order."""
    with resources.files(__package__).joinpath("glossary.toml").open("rb") as handle:
        rows = tomllib.load(handle)["term"]
    entries: dict[str, GlossaryEntry] = {}
    for row in rows:
        entry = GlossaryEntry(
            slug=row["slug"],
            keys=tuple(row.get("keys", [])),
            term_es=row["term_es"],
            term_en=row["term_en"],
            text_es=row["text_es"],
            text_en=row["text_en"],
            deck_quote=row.get("deck_quote", ""),
            sources=tuple(row.get("sources", [])),
        )
        if entry.slug in entries or any(n not in sources() for n in entry.sources):
            raise CatalogError(
                gettext_noop("Glosario: entrada «%(slug)s» repetida o con fuentes desconocidas."), slug=entry.slug
            )
        if entry.deck_quote and not any(
            entry.deck_quote.casefold() in text.casefold() for text in (entry.text_es, entry.text_en)
        ):
            raise CatalogError(gettext_noop("Glosario: «%(slug)s» no cita su frase del curso."), slug=entry.slug)
        entries[entry.slug] = entry
    return MappingProxyType(entries)


@cache
def _by_key() -> Mapping[str, GlossaryEntry]:
    return MappingProxyType({key: e for e in glossary().values() for key in e.keys})


def glossary_entry(slug_or_key: str) -> GlossaryEntry:
    """An entry by its slug or by a vocab value it explains ("leading" → prospectivo vs retrospectivo)."""
    entry = glossary().get(slug_or_key) or _by_key().get(str(slug_or_key))
    if entry is None:
        raise CatalogError(gettext_noop("El glosario no explica «%(key)s»."), key=slug_or_key)
    return entry
