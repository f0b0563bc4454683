"""Rumbo's settings with files in the database; on SQLite, the database file named by RUMBO_SHARED_DB.

Two processes with their own RUMBO_DATA_DIR and these settings are two app servers sharing one
database: on PostgreSQL these are exactly Rumbo's settings.
"""

import os

from rumbo.settings import *  # noqa: F403
from rumbo.settings import DATABASES, STORAGES

STORAGES = {**STORAGES, "default": {"BACKEND": "rumbo.files.storage.DatabaseStorage"}}
if shared := os.environ.get("RUMBO_SHARED_DB"):
    DATABASES["default"]["NAME"] = shared
