"""No template carries what the Content-Security-Policy forbids: inline scripts, inline styles, event handlers."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "rumbo"
TEMPLATES = sorted(
    {*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html"), *ROOT.glob("*/*/templates/**/*.html")}
)

FORBIDDEN = {
    "an inline <script> (put the code in a static .js file)": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "a <style> block (put the rules in a static .css file)": re.compile(r"<style\b", re.I),
    "a style attribute (use a class from the CSS)": re.compile(r"\sstyle\s*=", re.I),
    "an inline event handler (attach it from a static .js file)": re.compile(r"\son[a-z]{3,}\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def test_the_templates_are_found():
    assert len(TEMPLATES) >= 15 and any(t.name == "base.html" for t in TEMPLATES)


def test_the_scan_catches_what_it_looks_for():
    bad = '<p style="color:red" onclick="x()">{# <style> in a comment is fine #}</p><script>alert(1)</script>'
    text = _without_comments(bad)
    assert [what for what, pattern in FORBIDDEN.items() if pattern.search(text)] == [
        "an inline <script> (put the code in a static .js file)",
        "a style attribute (use a class from the CSS)",
        "an inline event handler (attach it from a static .js file)",
    ]


COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.S)


def _without_comments(text: str) -> str:
    """Comments are blanked (keeping line breaks) so that a comment may name what it avoids."""
    return COMMENTS.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: str(t.relative_to(ROOT)))
def test_a_template_has_nothing_the_policy_forbids(template):
    text = _without_comments(template.read_text())
    for what, pattern in FORBIDDEN.items():
        found = pattern.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            pytest.fail(f"{template.relative_to(ROOT)}:{line} has {what}: {found.group(0)!r}")
