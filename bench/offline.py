"""How heavy is a first visit now that it installs the service worker, and how fast does the board open without signal?

Starts the demo on a real server in this process (a temporary SQLite data folder, the static
files collected and compressed as in production, served by WhiteNoise) and opens it in
Debian's Chromium as an emulated phone (Pixel 5: 393 × 851, touch, 4× slower CPU):
- the first visit of the board, signed in, with a cold browser: every byte the server sends
  (bodies as sent, gzip where the server compresses; headers not counted), the service
  worker's script, the Workbox modules and the files it keeps for later included, until the
  worker is in charge and the board is kept on the phone;
- the board opened again without signal, from the phone's copy: ten times, median and spread,
  from the start of the navigation to its `load` event.

    .venv/bin/python bench/offline.py
    .venv/bin/python bench/offline.py --captura docs/rumbo-en-el-telefono.png   # and the README's screenshot
"""

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 10
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"]


class Counted:
    """The WSGI application, counting the bytes of every response body it sends, by path."""

    def __init__(self, app):
        self.app, self.sent, self.lock = app, [], threading.Lock()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        total = 0
        for chunk in self.app(environ, start_response):
            total += len(chunk)
            yield chunk
        with self.lock:
            self.sent.append((path, total))


def start_site():
    """The demo on a threaded server at 127.0.0.1 (a random port); returns its address and the byte counter."""
    sys.path.insert(0, str(ROOT))
    os.environ["RUMBO_DATA_DIR"] = tempfile.mkdtemp(prefix="rumbo-bench-offline-")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ["DJANGO_SETTINGS_MODULE"] = "rumbo.settings"
    os.environ.pop("DEBUG", None)
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    from rumbo.demo import load_demo

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    load_demo()

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    counted = Counted(WSGIHandler())
    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(counted)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", counted


def session_cookie(base_url: str, email: str) -> dict:
    from django.conf import settings
    from django.test import Client

    from rumbo.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies["sessionid"].value, "url": base_url}


def screenshot(page, path: Path) -> None:
    """The screen as a PNG at 2× (a phone's 2.75× pixels are more than a README needs)."""
    from io import BytesIO

    from PIL import Image

    with Image.open(BytesIO(page.screenshot())) as image:
        width, height = page.viewport_size["width"] * 2, page.viewport_size["height"] * 2
        image.convert("RGB").resize((width, height), Image.LANCZOS).quantize(128).save(path, optimize=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    base, counted = start_site()
    board = "/c/cafe-del-sur/"
    cookie = session_cookie(base, "ventas@cafedelsur.coop")  # before Playwright's loop starts in this thread
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        phone = {k: v for k, v in playwright.devices["Pixel 5"].items() if k != "default_browser_type"}
        context = browser.new_context(**phone, base_url=base)
        context.add_cookies([cookie])
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        counted.sent.clear()
        page.goto(board, wait_until="load")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.wait_for_function(
            "() => caches.open('rumbo-pages').then(c => c.match(location.href)).then(Boolean)", polling=200
        )
        page.wait_for_load_state("networkidle")
        time.sleep(1)  # the worker's last copies finish
        first = list(counted.sent)
        page.goto(board, wait_until="load")  # now in the worker's charge

        context.set_offline(True)
        spent = []
        for _ in range(RUNS):
            started = time.perf_counter()
            page.goto(board, wait_until="load")
            spent.append((time.perf_counter() - started) * 1000)
            assert page.locator(".offline-state").is_visible()
        banner = page.locator(".offline-state").inner_text()
        if "--captura" in sys.argv:  # the board without signal, as the phone shows it
            screenshot(page, Path(sys.argv[sys.argv.index("--captura") + 1]))
        browser.close()

    total = sum(size for _path, size in first)
    print(
        f"First visit of the board, signed in, service worker included: {len(first)} responses, {total / 1024:.1f} KB"
    )
    for path, size in sorted(first, key=lambda item: -item[1]):
        print(f"  {size / 1024:7.1f} KB  {path}")
    print(f"Board opened without signal ({banner!r}), {RUNS} times, emulated phone (Pixel 5, CPU 4× slower):")
    print(
        f"  median {statistics.median(spent):.0f} ms · min {min(spent):.0f} · max {max(spent):.0f}"
        f" · all {[round(s) for s in spent]}"
    )


if __name__ == "__main__":
    main()
