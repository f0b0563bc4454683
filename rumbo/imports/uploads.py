"""Uploaded files on their way in and out: size cut off while uploading, safe names, safe content types."""

import re
import unicodedata
from pathlib import PurePath
from typing import cast

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from rumbo.engine.spreadsheets.writing import CONTENT_TYPES as WRITTEN

# What a kept file is served as: always an attachment, never anything a browser renders.
CONTENT_TYPES = {
    **WRITTEN,  # csv, xlsx: as the exports are served
    "txt": "text/plain; charset=utf-8",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    "xlsb": "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    "xls": "application/vnd.ms-excel",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
FALLBACK_CONTENT_TYPE = "application/octet-stream"


def safe_filename(name: str, *, limit: int = 120) -> str:
    """A file name that is safe on any disk and in any header: no folders, no odd characters.

    'C:\\Mis documentos\\Café año 2024.xlsx' → 'Cafe_ano_2024.xlsx'. Extensions other
    than the spreadsheet ones get '.bin' added, so nothing is ever stored as .html or .svg.
    """
    base = re.split(r"[\\/]", str(name))[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = ext.lower()
    if ext not in CONTENT_TYPES:
        stem, ext = base, "bin"
    plain = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("._-")
    stem = plain[: limit - len(ext) - 1].strip("._-") or "archivo"
    return f"{stem}.{ext}"


def display_name(name: str, *, limit: int = 200) -> str:
    """The person's own file name without its folders, for messages and the value history."""
    base = re.split(r"[\\/]", str(name))[-1].strip()
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    return (base or "archivo")[:limit]


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(PurePath(name).suffix.lower().lstrip("."), FALLBACK_CONTENT_TYPE)


class UploadRequest(HttpRequest):
    """A request whose upload `UploadLimit` watches: it says whether the body passed the limit."""

    upload_too_big: bool


class UploadLimit(FileUploadHandler):
    """Stop reading an upload as soon as it passes `limit` bytes, before anything parses it.

    Put first in `request.upload_handlers`; it passes every chunk on to Django's own handlers
    and marks the request (`request.upload_too_big`) when it stops. The rest of the body is
    read and dropped so the browser still gets the page that says why.
    """

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        cast(UploadRequest, request).upload_too_big = False

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            cast(UploadRequest, self.request).upload_too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
