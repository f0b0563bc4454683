"""Rumbo installs on a phone's home screen: a manifest with its icons, and a service worker from the site's root."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

from rumbo.accounts.models import User
from rumbo.offline import SHELL


def test_the_service_worker_is_served_from_the_root_with_only_local_scripts(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    imported = re.findall(r'"/static/([^"]+)"', script)
    assert "vendor/workbox/workbox-strategies.prod.js" in imported and "rumbo/outbox.js" in imported
    assert all(finders.find(path) for path in imported), imported  # vendored here, never a CDN
    assert "https://" not in script and "modulePathPrefix" not in script
    assert all(finders.find(path) for path in SHELL)


def test_the_manifest_names_rumbo_in_the_persons_language_with_icons_of_the_sizes_it_says(client, cast):
    client.force_login(cast.viewer)
    page = client.get(reverse("kpis:board", args=[cast.coop.slug])).content.decode()
    assert 'rel="manifest" href="/manifest.es.webmanifest"' in page
    User.objects.filter(pk=cast.viewer.pk).update(language="en")
    english = client.get(reverse("kpis:board", args=[cast.coop.slug])).content.decode()
    assert 'rel="manifest" href="/manifest.en.webmanifest"' in english
    client.logout()  # the phone asks for it without the person's session
    spanish, in_english = client.get("/manifest.es.webmanifest"), client.get("/manifest.en.webmanifest")
    assert spanish["Content-Type"] == "application/manifest+json; charset=utf-8"
    assert "max-age=86400" in spanish["Cache-Control"]
    manifest, translated = spanish.json(), in_english.json()
    assert (manifest["lang"], manifest["short_name"], manifest["display"]) == ("es", "Rumbo", "standalone")
    assert manifest["name"] == "Rumbo: ¿vamos por buen rumbo?"
    assert (translated["lang"], translated["name"]) == ("en", "Rumbo: are we on track?")
    assert translated["description"] == "Your cooperative's KPIs and OKRs, even without signal."
    assert (translated["id"], translated["icons"]) == (manifest["id"], manifest["icons"])  # one app, either language
    assert client.get("/manifest.fr.webmanifest").status_code == 404
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    for icon in manifest["icons"]:
        with Image.open(finders.find(icon["src"].removeprefix("/static/"))) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


def test_signed_in_pages_carry_the_offline_words_and_a_signed_out_page_does_not(client, cast):
    assert 'id="offline"' not in client.get(reverse("login")).content.decode()
    client.force_login(cast.editor)
    page = client.get(reverse("kpis:my_updates", args=[cast.coop.slug])).content.decode()
    assert 'data-copy="Sin conexión: datos del {date} a las {time}"' in page
    assert f'data-url="/c/{cast.coop.slug}/indicadores/{cast.kpi.pk}/sin-conexion/"' in page
