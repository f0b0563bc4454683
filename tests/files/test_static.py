"""Static files are compressed when `collectstatic` copies them; a start that copies nothing compresses nothing."""

import gzip
import os

import brotli
from django.core.management import call_command

SCRIPT = "const saludo = 'hola';\n" * 200


def collect(settings, tmp_path):
    settings.STATICFILES_DIRS = [tmp_path / "source"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": "rumbo.files.static.StaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path / "static" / "app.js"


def unpacked(path) -> tuple[str, str]:
    br, gz = path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")
    return brotli.decompress(br.read_bytes()).decode(), gzip.decompress(gz.read_bytes()).decode()


def test_unchanged_files_keep_their_compressed_copies_and_a_changed_one_gets_new_ones(settings, tmp_path):
    (tmp_path / "source").mkdir()
    source = tmp_path / "source" / "app.js"
    source.write_text(SCRIPT)
    copied = collect(settings, tmp_path)
    assert unpacked(copied) == (SCRIPT, SCRIPT)

    # Marked, with the copied file's time as WhiteNoise leaves them: compressed again, they would lose the mark.
    stamp = copied.stat().st_mtime
    copied.with_name("app.js.br").write_bytes(brotli.compress(b"marca"))
    copied.with_name("app.js.gz").write_bytes(gzip.compress(b"marca"))
    for suffix in (".br", ".gz"):
        os.utime(copied.with_name("app.js" + suffix), (stamp, stamp))
    collect(settings, tmp_path)
    assert unpacked(copied) == ("marca", "marca")

    changed = SCRIPT.replace("hola", "adiós")
    source.write_text(changed)
    later = stamp + 5
    os.utime(source, (later, later))
    collect(settings, tmp_path)
    assert unpacked(copied) == (changed, changed)
