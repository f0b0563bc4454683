"""«Cooperativa»: an admin sets the name, the months and a safe logo, which the assembly PDF then prints."""

import io
import os
import struct
import subprocess
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from rumbo.files import store
from rumbo.files.models import StoredFile
from rumbo.reports.presenters.assembly import Options
from rumbo.reports.services.pdfs import assembly_pdf

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def image_bytes(size=(1200, 300), fmt="PNG", colour=(31, 111, 92)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def noise_png(side=900) -> bytes:
    """A PNG that cannot be compressed: random pixels, over 2 MB."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def bomb_png() -> bytes:
    """A tiny PNG whose header claims 60 000 × 60 000 pixels."""
    data = bytearray(image_bytes((8, 8)))
    ihdr = bytes(data[12:16]) + struct.pack(">II", 60_000, 60_000) + bytes(data[24:29])
    data[16:24] = ihdr[4:12]
    data[29:33] = struct.pack(">I", zlib.crc32(ihdr))
    return bytes(data)


def upload(name: str, content: bytes, kind="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=kind)


def page_url(cast):
    return reverse("orgs:settings", args=[cast.coop.slug])


def settings_post(client, cast, **changes):
    data = {
        "name": cast.coop.name,
        "fiscal_year_start_month": cast.coop.fiscal_year_start_month,
        "harvest_start_month": cast.coop.harvest_start_month,
        **changes,
    }
    return client.post(page_url(cast), data)


def media_files(root) -> list[str]:
    """Every file in the media folder `root` (SQLite), or every logo in the database (PostgreSQL)."""
    if store.shared():
        return sorted(StoredFile.objects.filter(name__startswith="logos/").values_list("name", flat=True))
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def images_in(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "tablero.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    return len(listing.strip().splitlines()) - 2  # a header line and a rule come first


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_page_shows_the_current_values_with_month_names_in_spanish(as_admin, cast):
    cast.coop.harvest_start_month = 10
    cast.coop.save()
    response = as_admin.get(page_url(cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Cooperativa A"' in html and "Enero" in html and "Diciembre" in html
    assert '<option value="10" selected>Octubre</option>' in html
    assert 'enctype="multipart/form-data"' in html and "Quitar el logo actual" not in html


def test_an_admin_changes_the_name_and_the_months(as_admin, cast):
    response = settings_post(
        as_admin, cast, name="  Cooperativa Café del Norte ", fiscal_year_start_month="7", harvest_start_month="11"
    )
    assert response.status_code == 302 and response["Location"] == page_url(cast)
    cast.coop.refresh_from_db()
    assert (cast.coop.name, cast.coop.fiscal_year_start_month, cast.coop.harvest_start_month) == (
        "Cooperativa Café del Norte",
        7,
        11,
    )
    assert "Datos de la cooperativa guardados." in as_admin.get(page_url(cast)).content.decode()


def test_a_month_that_does_not_exist_is_refused(as_admin, cast):
    response = settings_post(as_admin, cast, fiscal_year_start_month="13", name="Otro nombre")
    assert response.status_code == 400
    cast.coop.refresh_from_db()
    assert (cast.coop.name, cast.coop.fiscal_year_start_month) == ("Cooperativa A", 1)


def test_an_uploaded_png_is_shrunk_stored_as_png_and_printed_in_the_assembly_pdf(as_admin, cast, media, tmp_path):
    options = Options(as_of=timezone.localdate())
    assert images_in(assembly_pdf(coop=cast.coop, options=options).data, tmp_path) == 0
    response = settings_post(as_admin, cast, logo=upload("escudo.png", image_bytes((1200, 300))))
    assert response.status_code == 302
    cast.coop.refresh_from_db()
    assert cast.coop.logo.name.startswith("logos/coop-a") and cast.coop.logo.name.endswith(".png")
    with Image.open(store.local_path(cast.coop.logo.name)) as stored:
        assert stored.format == "PNG" and stored.size == (600, 150)
    rendered = assembly_pdf(coop=cast.coop, options=options)
    assert images_in(rendered.data, tmp_path) == 1 and rendered.pages == 1
    page = as_admin.get(page_url(cast)).content.decode()
    assert 'src="data:image/png;base64,' in page and "Quitar el logo actual" in page


def test_a_jpeg_is_re_encoded_as_png_without_what_was_hidden_in_it(as_admin, cast, media):
    hidden = b"<?php system($_GET['c']); ?>"
    response = settings_post(
        as_admin, cast, logo=upload("foto.jpg", image_bytes((300, 200), "JPEG") + hidden, "image/jpeg")
    )
    assert response.status_code == 302
    cast.coop.refresh_from_db()
    stored = (store.local_path(cast.coop.logo.name)).read_bytes()
    assert stored.startswith(b"\x89PNG") and hidden not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (300, 200)


REFUSED = {
    "a text file named logo.png": ("logo.png", b"no soy una imagen\n" * 20, "El logo debe ser una imagen PNG o JPEG"),
    "an SVG": ("logo.svg", SVG, "El logo debe ser una imagen PNG o JPEG"),
    "a GIF": ("logo.gif", image_bytes((40, 40), "GIF"), "El logo debe ser una imagen PNG o JPEG"),
    "an image over 4000 px": ("ancho.png", image_bytes((4001, 20)), "el máximo es 4000 × 4000"),
    "a file over 2 MB": ("pesado.png", noise_png(), "El logo pesa más de 2 MB"),
    "a decompression bomb": ("bomba.png", bomb_png(), "El logo dice ser una imagen enorme"),
}


@pytest.mark.parametrize("name, content, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_logo_that_is_not_a_safe_png_or_jpeg_is_refused_and_nothing_changes(
    as_admin, cast, media, name, content, message
):
    settings_post(as_admin, cast, logo=upload("primero.png", image_bytes((100, 50))))
    cast.coop.refresh_from_db()
    before = (cast.coop.name, cast.coop.harvest_start_month, cast.coop.logo.name, media_files(media))
    response = settings_post(as_admin, cast, name="Nombre nuevo", harvest_start_month="3", logo=upload(name, content))
    assert response.status_code == 400
    assert message in response.content.decode()
    cast.coop.refresh_from_db()
    assert (cast.coop.name, cast.coop.harvest_start_month, cast.coop.logo.name, media_files(media)) == before


def test_a_new_logo_replaces_the_old_file(as_admin, cast, media, django_capture_on_commit_callbacks):
    settings_post(as_admin, cast, logo=upload("uno.png", image_bytes((100, 50), colour=(200, 0, 0))))
    cast.coop.refresh_from_db()
    first = cast.coop.logo.name
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the change is committed
        settings_post(as_admin, cast, logo=upload("dos.png", image_bytes((100, 50), colour=(0, 0, 200))))
    cast.coop.refresh_from_db()
    assert cast.coop.logo.name != first and media_files(media) == [cast.coop.logo.name]


def test_an_admin_removes_the_logo_and_its_file(as_admin, cast, media, django_capture_on_commit_callbacks):
    settings_post(as_admin, cast, logo=upload("uno.png", image_bytes((100, 50))))
    cast.coop.refresh_from_db()
    assert media_files(media) == [cast.coop.logo.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = settings_post(as_admin, cast, remove_logo="on")
    assert response.status_code == 302
    cast.coop.refresh_from_db()
    assert not cast.coop.logo and media_files(media) == []
    assert "Todavía no hay logo." in as_admin.get(page_url(cast)).content.decode()


def test_uploading_and_removing_at_once_is_refused(as_admin, cast, media):
    settings_post(as_admin, cast, logo=upload("uno.png", image_bytes((100, 50))))
    cast.coop.refresh_from_db()
    kept = cast.coop.logo.name
    response = settings_post(as_admin, cast, remove_logo="on", logo=upload("dos.png", image_bytes((100, 50))))
    assert response.status_code == 400 and "no las dos cosas a la vez" in response.content.decode()
    cast.coop.refresh_from_db()
    assert cast.coop.logo.name == kept and media_files(media) == [kept]


@pytest.mark.parametrize("role", ["as_editor", "as_viewer"])
def test_editors_and_viewers_are_forbidden(request, cast, role):
    client = request.getfixturevalue(role)
    assert client.get(page_url(cast)).status_code == 403
    assert settings_post(client, cast, name="Tomada").status_code == 403
    cast.coop.refresh_from_db()
    assert cast.coop.name == "Cooperativa A"
    assert page_url(cast) not in client.get(reverse("kpis:board", args=[cast.coop.slug])).content.decode()


def test_an_outsider_does_not_find_the_page(as_outsider, cast):
    assert as_outsider.get(page_url(cast)).status_code == 404
    assert settings_post(as_outsider, cast, name="Tomada").status_code == 404


def test_the_menu_offers_the_page_to_admins(as_admin, cast):
    assert page_url(cast) in as_admin.get(reverse("kpis:board", args=[cast.coop.slug])).content.decode()
