"""What the phone tests of the demo share: the demo signed in on a phone, with the page's refusals collected."""

from rumbo.demo import load_demo
from tests.browser.test_value_entry import log_in

PHONE = {"width": 360, "height": 740}


def collect_csp_refusals(page) -> list[str]:
    """The list the page's Content Security Policy refusals (console messages) are added to from now on."""
    refused = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    return refused


def demo_viewer_on_a_phone(page, base_url) -> list[str]:
    """Load the demo and sign its viewer (the board) in on a phone-sized page; returns the CSP refusals so far."""
    load_demo()
    refused = collect_csp_refusals(page)
    page.set_viewport_size(PHONE)
    log_in(page, base_url, "consejo@cafedelsur.coop", "rumbo-lectura-2026")
    return refused
