"""Rumbo's own system checks (rumbo.E001…): configuration mistakes reported before they lose data."""

import os
from pathlib import Path

from django.conf import settings
from django.core.checks import Error


def check_data_dir(app_configs=None, **kwargs):
    data_dir = Path(settings.DATA_DIR)
    if data_dir.exists() and not data_dir.is_dir():
        return _error(
            f"La carpeta de datos {data_dir} es un archivo, no una carpeta.",
            "Defina RUMBO_DATA_DIR con la ruta de una carpeta.",
            "rumbo.E001",
        )
    if not data_dir.exists() and not _creatable(data_dir):
        return _error(
            f"La carpeta de datos {data_dir} no existe y no se puede crear.",
            "Créela con permisos de escritura para el usuario que corre Rumbo, o defina RUMBO_DATA_DIR.",
            "rumbo.E001",
        )
    return []


def check_sqlite_writable(app_configs=None, **kwargs):
    database = settings.DATABASES["default"]
    if not database["ENGINE"].endswith("sqlite3") or str(database["NAME"]).startswith((":memory:", "file:")):
        return []
    path = Path(database["NAME"])
    # SQLite in WAL mode writes two files beside the database, so its folder must be writable too.
    folder = path.parent
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        return _error(
            f"La base de datos SQLite está en {folder}, una carpeta donde Rumbo no puede escribir.",
            "Dé permiso de escritura sobre la carpeta de datos al usuario que corre Rumbo.",
            "rumbo.E002",
        )
    if path.exists() and not os.access(path, os.W_OK):
        return _error(
            f"La base de datos {path} es de solo lectura.",
            "Dé permiso de escritura sobre el archivo al usuario que corre Rumbo.",
            "rumbo.E002",
        )
    return []


def check_debug_in_production(app_configs=None, **kwargs):
    if settings.DEBUG and getattr(settings, "HTTPS", False):
        return _error(
            "DEBUG está activado en un servidor con RUMBO_HTTPS: mostraría el código y los datos a cualquiera que provoque un error.",
            "Quite DEBUG del entorno del servidor.",
            "rumbo.E003",
        )
    return []


def check_trash_days(app_configs=None, **kwargs):
    if settings.RUMBO_TRASH_DAYS < 1:
        return _error(
            "RUMBO_TRASH_DAYS debe ser de al menos 1 día: con 0, lo borrado no se podría recuperar.",
            "Use el valor por omisión (30) o un número de días positivo.",
            "rumbo.E004",
        )
    return []


def _error(message: str, hint: str, code: str) -> list[Error]:
    return [Error(message, hint=hint, id=code)]


def _creatable(path: Path) -> bool:
    parent = path
    while not parent.exists():
        parent = parent.parent
    return parent.is_dir() and os.access(parent, os.W_OK | os.X_OK)
