"""What an uploaded file really is, checked before any parser sees it, and how its CSV is written.

The content decides, not the file name: people rename files, and systems export HTML
tables or CSV with a .xls name. Every refusal is a RumboError in plain Spanish.
"""

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from operator import itemgetter

from rumbo.engine.errors import RumboError, gettext_noop
from rumbo.engine.numbers import format_number

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# An encrypted .xlsx is an OLE2 compound file holding these two streams (MS-OFFCRYPTO);
# directory entry names are stored in UTF-16LE.
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

_BINARY_KINDS = [
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"RIFF", "RIFF"),
]

# Ratios seen in real workbooks stay under ~20 (repetitive sheets reach ~100); zip bombs
# are in the thousands. Small entries are exempt: a 2 KB styles.xml of spaces is harmless.
MAX_COMPRESSION_RATIO = 200
_RATIO_EXEMPT_BYTES = 1_000_000
MAX_ZIP_ENTRIES = 10_000

CSV_DELIMITERS = (";", "\t", ",", "|")  # ';' first: Excel in Spanish writes it


@dataclass(frozen=True)
class FileKind:
    format: str  # "csv", "xlsx", "xlsb", "xls", "ods"
    text: str | None = None  # decoded CSV text
    encoding: str | None = None


def sniff_file(data: bytes, filename: str, *, max_bytes: int, max_uncompressed_bytes: int) -> FileKind:
    """Say which spreadsheet format `data` holds, or raise why it cannot be read."""
    if len(data) > max_bytes:
        raise RumboError(
            gettext_noop("«%(name)s» pesa %(size)s MB; el máximo es %(limit)s MB."),
            name=filename,
            size=format_number(len(data) / 1_048_576, 1),
            limit=format_number(max_bytes / 1_048_576, 0),
        )
    if not data.strip():
        raise RumboError(gettext_noop("«%(name)s» está vacío."), name=filename)
    if data.startswith(ZIP_MAGIC):
        return FileKind(_zip_format(data, filename, max_uncompressed_bytes))
    if data.startswith(OLE2_MAGIC):
        if any(stream in data for stream in _ENCRYPTED_STREAMS):
            raise password_protected(filename)
        return FileKind("xls")
    for magic, kind in _BINARY_KINDS:
        if data.startswith(magic):
            raise not_a_spreadsheet(filename, kind)
    text, encoding = decode_text(data, filename)
    _refuse_markup(text, filename)
    return FileKind("csv", text, encoding)


def password_protected(filename: str) -> RumboError:
    return RumboError(
        gettext_noop(
            "«%(name)s» está protegido con contraseña y no se puede leer. Ábralo con su "
            "contraseña en Excel o LibreOffice, guárdelo sin contraseña y vuelva a subirlo."
        ),
        name=filename,
    )


def not_a_spreadsheet(filename: str, kind: str) -> RumboError:
    return RumboError(
        gettext_noop(
            "«%(name)s» no es una hoja de cálculo (su contenido es %(kind)s). Suba un archivo .xlsx, .xls, .ods o .csv."
        ),
        name=filename,
        kind=kind,
    )


def damaged(filename: str) -> RumboError:
    return RumboError(
        gettext_noop(
            "«%(name)s» está dañado o no se puede leer como hoja de cálculo. "
            "Ábralo en Excel o LibreOffice, guárdelo de nuevo y vuelva a subirlo."
        ),
        name=filename,
    )


def _zip_format(data: bytes, filename: str, max_uncompressed_bytes: int) -> str:
    """xlsx/xlsb/ods after checking the archive cannot blow up in memory."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise damaged(filename) from None
    _refuse_zip_bomb(entries, filename, max_uncompressed_bytes)
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "content.xml" in names or "mimetype" in names:
        mimetype = _read_small(archive, "mimetype")
        if b"opendocument.spreadsheet" in mimetype:
            if b"encryption-data" in _read_small(archive, "META-INF/manifest.xml", 1_000_000):
                raise password_protected(filename)
            return "ods"
        raise not_a_spreadsheet(filename, "OpenDocument")
    if any(name.startswith("word/") for name in names):
        raise not_a_spreadsheet(filename, "Word")
    if any(name.startswith("ppt/") for name in names):
        raise not_a_spreadsheet(filename, "PowerPoint")
    raise not_a_spreadsheet(filename, "ZIP")


# A cell's reference in a worksheet's XML, <c r="XFD1048576" …>, wherever the attribute stands
# (rows have r="7" and merged ranges ref="…": neither matches).
_CELL_REF = re.compile(rb'\sr="([A-Z]{1,3})([0-9]{1,9})"')
_SCAN_CHUNK = 1 << 20


def xlsx_extent(data: bytes, filename: str) -> tuple[int, int]:
    """The last row and column that any worksheet of an xlsx fills, read from its XML.

    calamine builds a sheet as one rows × columns grid: a single cell at XFD1048576 in
    a few bytes of XML would make it allocate seventeen billion cells and abort the
    process. Streaming the XML first costs a fraction of calamine's own read.
    """
    rows = columns = 0
    for text in _xml_chunks(data, filename, lambda name: name.startswith("xl/worksheets/") and name.endswith(".xml")):
        if refs := _CELL_REF.findall(text):
            rows = max(rows, *map(int, map(itemgetter(1), refs)))
            columns = max(columns, *map(_column_number, set(map(itemgetter(0), refs))))
    return rows, columns


def ods_extent(data: bytes, filename: str) -> tuple[int, int]:
    """The last row and column with content in any table of an ods, as calamine will lay them out.

    In ODS a row or cell can say it repeats a million times (LibreOffice writes that for
    the empty rest of a sheet); repeats that hold content count, empty ones at the end do not.
    """
    rows = columns = row_at = column_at = 0
    repeat_rows, row_filled = 1, False
    for text in _xml_chunks(data, filename, lambda name: name == "content.xml"):
        for end, tag, attributes, closed in _ODS_TAG.findall(text):
            if tag == b"table" and not end:
                row_at = 0
            elif tag == b"table-row" and not end:
                repeat_rows, row_filled, column_at = _repeats(_ROWS_REPEATED, attributes), False, 0
            elif tag == b"table-row":
                row_at += repeat_rows
                if row_filled:
                    rows = max(rows, row_at)
            elif tag != b"table" and not end:  # a cell
                column_at += _repeats(_COLUMNS_REPEATED, attributes)
                if not closed or b"value-type" in attributes:
                    row_filled, columns = True, max(columns, column_at)
    return rows, columns


_ODS_TAG = re.compile(rb"<(/?)(?:table:)?(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*?)(/?)>")
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="([0-9]{1,9})"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="([0-9]{1,9})"')


def _repeats(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


def _xml_chunks(data: bytes, filename: str, wanted: Callable[[str], bool]) -> Iterator[bytes]:
    """The XML of the archive's wanted entries in pieces of a megabyte, each cut after a tag's end."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in filter(wanted, archive.namelist()):
                with archive.open(name) as handle:
                    rest = b""
                    while chunk := handle.read(_SCAN_CHUNK):
                        text = rest + chunk
                        cut = text.rfind(b">") + 1
                        yield text[:cut]
                        rest = text[cut:]
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError, NotImplementedError):
        raise damaged(filename) from None


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _refuse_zip_bomb(entries: list[zipfile.ZipInfo], filename: str, max_uncompressed_bytes: int) -> None:
    # Declared sizes are what the archive claims. They are enough: calamine's zip reader
    # fails ("larger than its declared uncompressed size") as soon as an entry inflates
    # past its declared size, so a forged header cannot make it inflate more than this.
    total = sum(entry.file_size for entry in entries)
    too_dense = any(
        entry.file_size > _RATIO_EXEMPT_BYTES and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > MAX_ZIP_ENTRIES or total > max_uncompressed_bytes or too_dense:
        raise RumboError(
            gettext_noop(
                "«%(name)s» se descomprime en %(size)s MB o está comprimido de forma "
                "anormal (posible «bomba zip»); no se abre por seguridad."
            ),
            name=filename,
            size=format_number(total / 1_048_576, 0),
        )


def _read_small(archive: zipfile.ZipFile, name: str, limit: int = 200) -> bytes:
    try:
        with archive.open(name) as handle:
            return handle.read(limit)
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return b""


def decode_text(data: bytes, filename: str) -> tuple[str, str]:
    """Decode a CSV: BOMs first, then strict UTF-8, then cp1252 (Excel in Spanish), then Latin-1."""
    if data.startswith(codecs.BOM_UTF8):
        return _decoded(data, "utf-8-sig", filename), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # Excel's "Texto Unicode" export: UTF-16 with tabs
        return _decoded(data, "utf-16", filename), "utf-16"
    if b"\x00" in data[:8192]:
        raise not_a_spreadsheet(filename, "binario")
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _decoded(data: bytes, encoding: str, filename: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise damaged(filename) from None


def _refuse_markup(text: str, filename: str) -> None:
    head = text[:2048].lstrip("\ufeff \r\n\t").lower()
    if head.startswith(("<!doctype html", "<html", "<table", "<meta")):
        raise RumboError(
            gettext_noop(
                "«%(name)s» es una página web (HTML) con nombre de hoja de cálculo, como las "
                "que exportan algunos sistemas. Ábrala en Excel o LibreOffice y guárdela "
                "como .xlsx, .ods o .csv."
            ),
            name=filename,
        )
    if head.startswith("<?xml"):
        raise RumboError(
            gettext_noop(
                "«%(name)s» es un archivo XML (por ejemplo, «Hoja de cálculo XML 2003»). "
                "Ábralo en Excel o LibreOffice y guárdelo como .xlsx, .ods o .csv."
            ),
            name=filename,
        )


def detect_delimiter(text: str) -> str:
    """The CSV delimiter: csv.Sniffer's guess, checked against how regular each candidate is.

    Sniffer alone is fooled by decimal commas ("ene-2024;1.234,5" looks comma-separated),
    so every candidate is scored by how many lines share its most common field count.
    Among equals ';' wins (what Excel in Spanish writes), then Sniffer's choice.
    """
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    lines = [line for line in sample.splitlines() if line.strip()][:200]
    if not lines:
        return ";"
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters="".join(CSV_DELIMITERS))
        sniffed_delimiter = sniffed.delimiter
    except csv.Error:
        sniffed_delimiter = None
    scores = {d: _regularity(lines, d) for d in CSV_DELIMITERS}
    best = max(scores.values())
    if best == 0:
        return ";"
    tied = [d for d in CSV_DELIMITERS if scores[d] >= best - 1e-9]
    if ";" in tied:
        return ";"
    if sniffed_delimiter in tied:
        return sniffed_delimiter
    return tied[0]


def _regularity(lines: list[str], delimiter: str) -> float:
    """Share of lines with the most common field count, when that count is at least 2."""
    try:
        widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
    except csv.Error:
        return 0.0
    width, frequency = Counter(widths).most_common(1)[0]
    if width < 2:
        return 0.0
    return frequency / len(widths)


SEP_LINE = re.compile(r"^sep=(.)\r?\n", re.IGNORECASE)
