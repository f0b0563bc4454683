"""A table on a page never widens the page on a phone: it scrolls in its own labelled, focusable box or stacks as cards."""

import re

import pytest

from tests.test_templates_csp import TEMPLATES

# The PDF and the e-mail are laid out for paper and mail readers, not for a 360-px screen.
PAGE_TEMPLATES = [t for t in TEMPLATES if not {"pdf", "email"} & set(t.parts)]
TABLE = re.compile(r"(<div[^>]*>)?\s*<table\b[^>]*>")
SCROLL_BOX = re.compile(r'<div class="table-scroll" role="region" aria-label="[^"]+" tabindex="0">')


def tables(text):
    return [(match.group(1) or "", match.group(0)) for match in TABLE.finditer(text)]


def test_the_scan_tells_a_bare_table_from_a_boxed_or_stacked_one():
    boxed = '<div class="table-scroll" role="region" aria-label="{% translate \'Metas\' %}" tabindex="0"><table class="table">'
    assert all(SCROLL_BOX.fullmatch(box) for box, _ in tables(boxed))
    assert not SCROLL_BOX.fullmatch(tables('<div class="table-wrap"><table class="table">')[0][0])
    assert "stack" in tables('<table class="table stack">')[0][1]


@pytest.mark.parametrize("template", PAGE_TEMPLATES, ids=lambda t: str(t.relative_to(t.parents[2])))
def test_every_table_scrolls_in_a_labelled_box_or_stacks_on_a_phone(template):
    for box, table in tables(template.read_text(encoding="utf-8")):
        assert SCROLL_BOX.fullmatch(box) or 'class="table stack"' in table, f"{template.name}: {table}"
