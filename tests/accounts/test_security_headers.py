"""Every page is sent with a strict Content-Security-Policy and the browser security headers, and obeys that policy itself."""

import re

import pytest
from django.urls import reverse

from tests.accounts.test_url_walk import coop_urls

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
HANDLER = re.compile(r"\son[a-z]{3,}\s*=\s*[\"']", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()}


def _check_headers(response, where):
    policy = _directives(response)
    assert policy["default-src"] == "'self'", where
    for directive in ("script-src", "style-src"):
        assert policy[directive] == "'self'", f"{where}: {directive} {policy[directive]}"
    assert (
        policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'self'"
    ), where
    assert policy["form-action"] == "'self'", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Frame-Options"] == "DENY", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


def _check_obeys_policy(html: str, where):
    for pattern, what in (
        (INLINE_SCRIPT, "an inline <script>"),
        (INLINE_STYLE, "an inline style"),
        (HANDLER, "an inline event handler"),
        (JAVASCRIPT_URL, "a javascript: URL"),
    ):
        found = pattern.search(html)
        assert not found, f"{where} has {what}: {html[max(found.start() - 80, 0) : found.end() + 80] if found else ''}"


@pytest.mark.parametrize("url", ["/cuenta/entrar/", "/cuenta/recuperar/", "/no-existe/"])
def test_public_pages_carry_the_headers(client, url):
    response = client.get(url)
    _check_headers(response, url)
    _check_obeys_policy(response.content.decode(), url)


@pytest.mark.parametrize("who", ["admin", "viewer"])
def test_every_cooperative_page_carries_the_headers_and_obeys_the_policy(client, cast, who):
    client.force_login(getattr(cast, who))
    for name, url in coop_urls(cast, cast.coop.slug):
        response = client.get(url)
        _check_headers(response, name)
        if response.get("Content-Type", "").startswith("text/html"):
            _check_obeys_policy(response.content.decode(), name)


def test_forbidden_and_not_found_pages_carry_the_headers_too(as_viewer, as_outsider, cast):
    _check_headers(as_viewer.get(reverse("members", args=[cast.coop.slug])), "403")
    _check_headers(as_outsider.get(reverse("kpis:board", args=[cast.coop.slug])), "404")
