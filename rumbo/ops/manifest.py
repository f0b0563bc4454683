"""A backup's manifest.json: what it must say, and the archive checked against it before anything is restored."""

import json
import tarfile
import zlib
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rumbo.ops.errors import BadArchive

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {"sqlite": "database/rumbo.sqlite3", "postgresql": "database/rumbo.pgdump"}
FILES = "files"
FIELDS = {
    "format": int,
    "app": str,
    "created_at": str,
    "engine": str,
    "database": str,
    "migrations": list,
    "files": int,
}
JSON_TYPES = {
    int: gettext_noop("un número entero"),
    str: gettext_noop("un texto"),
    list: gettext_noop("una lista"),
    dict: gettext_noop("un objeto"),
    bool: gettext_noop("verdadero o falso"),
    float: gettext_noop("un número con decimales"),
    type(None): gettext_noop("null"),
}


def manifest_read(tar: tarfile.TarFile, archive: Path) -> dict:
    """The manifest, every field present and of its type; BadArchive says in Spanish all that is wrong."""
    try:
        handle = tar.extractfile(MANIFEST)
        if handle is None:  # there, but not as a file
            raise KeyError(MANIFEST)
        manifest = json.load(handle)
    except (EOFError, OSError, zlib.error):
        raise BadArchive(
            _("«%(file)s» está dañada o cortada (quizá no terminó de copiarse); no se restauró nada.")
            % {"file": archive}
        ) from None
    except (KeyError, AttributeError, ValueError, tarfile.TarError):
        raise BadArchive(
            _("«%(file)s» no es una copia de Rumbo: le falta su manifiesto.") % {"file": archive}
        ) from None
    if not isinstance(manifest, dict) or manifest.get("app") != "rumbo":
        raise BadArchive(_("«%(file)s» no es una copia de Rumbo: su manifiesto no es el de Rumbo.") % {"file": archive})
    if manifest.get("format") != FORMAT:
        raise BadArchive(
            _(
                "«%(file)s» es una copia de un formato que esta versión de Rumbo no conoce (formato %(format)s; esta versión lee el %(known)s)."
            )
            % {"file": archive, "format": json.dumps(manifest.get("format")), "known": FORMAT}
        )
    problems = _field_problems(manifest)
    if problems:
        raise BadArchive(
            _("El manifiesto de «%(file)s» no es válido: %(problems)s.")
            % {"file": archive, "problems": "; ".join(problems)}
        )
    return manifest


def _field_problems(manifest: dict) -> list[str]:
    problems = []
    for name, kind in FIELDS.items():
        if name not in manifest:
            problems.append(_("falta «%(field)s»") % {"field": name})
        elif not _is(manifest[name], kind):
            problems.append(
                _("«%(field)s» debería ser %(expected)s y es %(found)s")
                % {
                    "field": name,
                    "expected": _(JSON_TYPES[kind]),
                    "found": _(JSON_TYPES.get(type(manifest[name]), gettext_noop("otra cosa"))),
                }
            )
    if problems:
        return problems
    engine = manifest["engine"]
    if engine not in DATABASE_MEMBER:
        problems.append(_("«engine» es «%(engine)s» y Rumbo solo conoce sqlite y postgresql") % {"engine": engine})
    elif manifest["database"] != DATABASE_MEMBER[engine]:
        problems.append(
            _("«database» debería ser «%(expected)s» en una copia %(engine)s")
            % {"expected": DATABASE_MEMBER[engine], "engine": engine}
        )
    if not all(isinstance(m, str) for m in manifest["migrations"]):
        problems.append(_("«migrations» debería ser una lista de textos"))
    if manifest["files"] < 0:
        problems.append(_("«files» no puede ser negativo"))
    try:
        datetime.fromisoformat(manifest["created_at"])
    except ValueError:
        problems.append(_("«created_at» no es una fecha ISO 8601: %(value)s") % {"value": manifest["created_at"]})
    return problems


def _is(value: object, kind: type) -> bool:
    return isinstance(value, kind) and not (kind is int and isinstance(value, bool))


def checked_members(tar: tarfile.TarFile, manifest: dict) -> list[tarfile.TarInfo]:
    """Only the database and files under files/, as plain files and folders with safe names, as many files as the manifest says."""
    try:
        everything = tar.getmembers()
    except (EOFError, OSError, zlib.error, tarfile.TarError):
        raise BadArchive(
            _("La copia está dañada o cortada (quizá no terminó de copiarse); no se restauró nada.")
        ) from None
    members = []
    for member in everything:
        name = PurePosixPath(member.name)
        if member.name == MANIFEST:
            continue
        inside = member.name == manifest["database"] or (name.parts and name.parts[0] == FILES)
        if not inside or name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BadArchive(_("La copia contiene una entrada no permitida: %(name)s.") % {"name": member.name})
        members.append(member)
    if manifest["database"] not in {m.name for m in members if m.isfile()}:
        raise BadArchive(_("La copia no contiene la base de datos."))
    files = sum(1 for m in members if m.isfile() and m.name != manifest["database"])
    if files != manifest["files"]:
        raise BadArchive(
            _(
                "La copia dice tener %(expected)s archivos y trae %(found)s: está incompleta o fue modificada; no se restauró nada."
            )
            % {"expected": manifest["files"], "found": files}
        )
    return members
