"""Reading a free-text objective: keyword groups and example objectives from objectives.toml.

The matching rules are documented at the top of objectives.toml, next to the keywords.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from rumbo.engine.choice.catalog import FAMILIES, CatalogError, by_slug
from rumbo.engine.errors import gettext_noop
from rumbo.engine.vocab import Area

_AREA_ORDER = tuple(Area)


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces: "¡Producción!" → "produccion"."""
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", plain))


@dataclass(frozen=True)
class KeywordGroup:
    words: tuple[str, ...]  # normalised stems or phrases
    areas: tuple[Area, ...]
    families: tuple[str, ...]
    slugs: tuple[str, ...]


@dataclass(frozen=True)
class ExampleObjective:
    slug: str
    es: str
    en: str
    areas: tuple[Area, ...]

    def text(self, lang: str = "es") -> str:
        return self.en if lang[:2] == "en" else self.es


@dataclass(frozen=True)
class TextMatch:
    """What the keywords say about an objective's text; every tuple in a fixed order."""

    areas: tuple[Area, ...]
    families: tuple[str, ...]
    slugs: tuple[str, ...]
    words: tuple[str, ...]  # the keywords that matched, for explaining the guess


@cache
def _document() -> dict[str, Any]:
    with resources.files(__package__).joinpath("objectives.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def keyword_groups() -> tuple[KeywordGroup, ...]:
    groups = []
    templates = by_slug()
    for row in _document()["keyword"]:
        group = KeywordGroup(
            words=tuple(normalise(w) for w in row["words"]),
            areas=tuple(Area(a) for a in row.get("areas", [])),
            families=tuple(row.get("families", [])),
            slugs=tuple(row.get("slugs", [])),
        )
        unknown = [f for f in group.families if f not in FAMILIES] + [s for s in group.slugs if s not in templates]
        if unknown or not all(group.words):
            raise CatalogError(gettext_noop("Palabras clave: «%(unknown)s» no existe."), unknown=unknown)
        groups.append(group)
    return tuple(groups)


@cache
def example_objectives() -> tuple[ExampleObjective, ...]:
    return tuple(
        ExampleObjective(row["slug"], row["es"], row["en"], tuple(Area(a) for a in row["areas"]))
        for row in _document()["example"]
    )


def match_text(text: str) -> TextMatch:
    """The areas, families and templates an objective's words point to (see objectives.toml)."""
    padded = f" {normalise(text)}"
    areas: set[Area] = set()
    families: list[str] = []
    slugs: list[str] = []
    words: list[str] = []
    for group in keyword_groups():
        hits = [w for w in group.words if f" {w}" in padded]
        if not hits:
            continue
        words.extend(hits)
        areas.update(group.areas)
        families.extend(f for f in group.families if f not in families)
        slugs.extend(s for s in group.slugs if s not in slugs)
    return TextMatch(
        areas=tuple(a for a in _AREA_ORDER if a in areas),
        families=tuple(families),
        slugs=tuple(slugs),
        words=tuple(words),
    )
