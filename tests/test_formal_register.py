"""Rumbo speaks to people as «usted» everywhere: no «tú» form in a template, a Python string or the catalogue."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "rumbo"
# Forms of «tú» that are never third person, so a match is always a slip of register.
TUTEO = re.compile(
    r"\b(quédate|tú|tus?|puedes|tienes|quieres|necesitas|debes|añade|lígalo|márcalo|hazlo|haz|fíjate|asegúrate|"
    r"cambies|olvides|multipliques|elígelo|súbelo|guárdalo|anota)\b"
    # and verbs that are third person too («el curso elige»), caught where a sentence or an advice starts
    r"|(?:^|[\"«(:;.] ?)(elige|escribe|revisa|declara|indica|nombra|define|compara|deja|recuerda)\b",
    re.IGNORECASE,
)
SHOWN = re.compile(
    r"(?:\b_|gettext_noop|gettext_lazy|gettext|ngettext|fail|echo|help=|Exception)\(?\s*((?:f?\"[^\"\n]*\"\s*)+)"
)
# Names that are not spoken to anyone: the demo campaign's slogan.
ALLOWED = ("Café del Sur en tu mesa",)


def spanish_texts():
    for path in sorted(ROOT.rglob("*")):
        if path.suffix in (".html", ".txt") and "templates" in path.parts:
            yield path, path.read_text(encoding="utf-8")
        elif path.suffix == ".py" and "migrations" not in path.parts:
            # what people read: translated strings and the command line's messages, not comments or docstrings
            yield path, " ".join(m.group(1) for m in SHOWN.finditer(path.read_text(encoding="utf-8")))
        elif path.suffix == ".toml":
            yield (
                path,
                " ".join(
                    line
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if re.match(r"\s*\w*(_es|es)\s*=", line) or "es = " in line
                ),
            )


def slips(text: str) -> list[str]:
    for allowed in ALLOWED:
        text = text.replace(allowed, "")
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in TUTEO.finditer(text)]


def test_the_scan_finds_a_slip_of_register():
    assert slips("para reducir la sobrecarga de datos, quédate con 5") and slips("Elige una meta.")
    assert slips("Revise el quórum y elija una meta; la asamblea mira las cifras.") == []


@pytest.mark.parametrize(
    "path, text", list(spanish_texts()), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else ""
)
def test_no_tu_form_is_left(path, text):
    assert slips(text) == []
