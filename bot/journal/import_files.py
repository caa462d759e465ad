"""`contact import`: from the bytes of an uploaded file to rows of people, or a refusal.

Pure code over bytes (no SDK, no file system): adapters fetch the bytes (a Slack
download, a Discord attachment, a path on the console) and the core reads them, so every
platform accepts and refuses exactly the same files. Three formats are read:

- LinkedIn's ``Connections.csv`` (and the whole export zip, which holds it), with its
  quirks: a "Notes:" preamble before the header, a byte-order mark, CRLF line ends,
  quoted commas, ``12 Mar 2024`` dates, and older exports without the ``URL`` column;
- vCards (``.vcf``), as phones and address books write them (see import_vcard);
- any other CSV whose header names a name column, or a ``columns:`` mapping that says
  which column is which (see import_csv).

A file is taken whole or not at all: anything that makes the file itself unreadable (not
text, binary, too big, a quote that never closes, no name column) refuses it with what
would work. A row that can't be used (no name, a 600-character company) is only skipped,
and the preview says which line and why.
"""

from __future__ import annotations

import io
import zipfile

from bot.journal.import_csv import read_csv
from bot.journal.import_rows import MAX_FILE_BYTES, ImportRefused, ParsedFile
from bot.journal.import_vcard import looks_like_vcard, read_vcards


def read_file(data: bytes, *, name: str = "", columns: str = "") -> ParsedFile:
    """The people in an uploaded file; raises ImportRefused when the file can't be used.

    `name` is only a hint of the format (a `.vcf` that starts with a BOM is still a
    vCard); the content decides. `columns` maps a generic CSV's header (import_csv)."""
    if not data:
        raise ImportRefused("That file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise too_big(len(data))
    for magic, what in _NOT_CONTACTS:
        if data.startswith(magic):
            raise ImportRefused(f"That's {what}, not a list of contacts.")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        data = _connections_from_zip(data)
        name = "Connections.csv"
    text = decode(data)
    if looks_like_vcard(text) or (name.lower().endswith(".vcf") and "BEGIN:VCARD" in text[:4096]):
        return read_vcards(text)
    return read_csv(text, columns=columns)


def too_big(size: int) -> ImportRefused:
    """The refusal for a file over the limit (adapters check the size a platform
    announces before downloading, so a 50 MB upload is never fetched)."""
    return ImportRefused(
        f"That file is {size / 1024 / 1024:.1f} MB; I take files up to "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB.",
        hint="From LinkedIn's export, upload just Connections.csv: even 30,000 "
        "connections are only a few MB.",
    )


_NOT_CONTACTS = (
    (b"%PDF", "a PDF"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"\xd0\xcf\x11\xe0", "an old Excel or Word file"),
)


def _connections_from_zip(data: bytes) -> bytes:
    """Connections.csv out of LinkedIn's export zip, read with a cap (no zip bombs)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportRefused("That looks like a zip file, but I can't open it.") from None
    if any(m.filename == "[Content_Types].xml" for m in members):
        raise ImportRefused(
            "That's a spreadsheet workbook (Excel or similar), not a CSV file.",
            hint="Save it as CSV (File → Save As → CSV UTF-8) and import that.",
        )
    found = [m for m in members if m.filename.rsplit("/", 1)[-1].lower() == "connections.csv"]
    if not found:
        raise ImportRefused(
            "That zip has no Connections.csv in it.",
            hint="LinkedIn's data export (Settings → Data privacy → Get a copy of your data) "
            "has it; upload the zip, or Connections.csv on its own.",
        )
    member = found[0]
    if member.file_size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"Connections.csv in that zip is {member.file_size / 1024 / 1024:.1f} MB; "
            f"I take up to {MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    try:
        with archive.open(member) as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError):
        raise ImportRefused(
            "I can't read Connections.csv in that zip (it may be damaged or encrypted).",
            hint="Unzip it and upload Connections.csv on its own.",
        ) from None
    if len(content) > MAX_FILE_BYTES:
        raise ImportRefused("Connections.csv in that zip is too big to import.")
    return content


def decode(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without a BOM), UTF-16 with a BOM, or Windows-1252
    (what older spreadsheets save); anything else is refused as not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _checked_text(data.decode("utf-16"))
        except UnicodeDecodeError:
            raise _not_text() from None
    if b"\x00" in data:
        raise _not_text()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise _not_text() from None
    return _checked_text(text)


def _checked_text(text: str) -> str:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    if "\x00" in sample or controls > max(8, len(sample) // 200):
        raise _not_text()
    return text


def _not_text() -> ImportRefused:
    return ImportRefused(
        "That file isn't text I can read: it looks like a binary file (a PDF, an image, a "
        "spreadsheet workbook?)."
    )
