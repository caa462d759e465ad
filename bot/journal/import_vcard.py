"""vCard files (.vcf): what phones, Google, Outlook and Apple Contacts export.

Versions 2.1, 3.0 and 4.0 differ in details that matter here: long lines are folded
(a continuation starts with a space or tab), 2.1 writes non-ASCII names as
quoted-printable (``FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:Zo=C3=AB``, continued
with a trailing ``=``), and values escape commas, semicolons and new lines with a
backslash. ``FN`` is the name (``N`` when there is no ``FN``), ``ORG`` the company (its
first part), ``TITLE`` the role, the first ``EMAIL`` and ``URL``, and ``NOTE``.
Photos and everything else are ignored.
"""

from __future__ import annotations

import quopri
import re

from bot.journal.import_rows import MAX_ROWS, ImportRefused, ParsedFile, make_row

_WANTED = ("FN", "N", "ORG", "TITLE", "EMAIL", "URL", "NOTE")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}


def looks_like_vcard(text: str) -> bool:
    return text.lstrip()[:11].upper() == "BEGIN:VCARD"


def read_vcards(text: str) -> ParsedFile:
    """Every card in the text; a card without a name is skipped, a file without a whole
    card is refused."""
    parsed = ParsedFile(kind="vCard")
    card: dict[str, str] | None = None
    start = 0
    for line_no, line in _unfolded(text):
        key, params, value = _split(line)
        if key == "BEGIN" and value.strip().upper() == "VCARD":
            card, start = {}, line_no
        elif key == "END" and value.strip().upper() == "VCARD" and card is not None:
            _add_card(parsed, start, card)
            card = None
            if len(parsed.rows) + len(parsed.skipped) > MAX_ROWS:
                raise ImportRefused(
                    f"That file has more than {MAX_ROWS:,} cards; I import up to "
                    f"{MAX_ROWS:,} at a time.",
                    hint="Split it into smaller files and import them one after another.",
                )
        elif card is not None and key in _WANTED and key not in card:
            card[key] = _decoded(params, value)  # the first EMAIL or URL is the main one
    if not parsed.rows and not parsed.skipped:
        raise ImportRefused(
            "That vCard file has no complete card in it (BEGIN:VCARD … END:VCARD).",
            hint="Export the contacts again from your address book and upload that file.",
        )
    return parsed


def _add_card(parsed: ParsedFile, line: int, card: dict[str, str]) -> None:
    name = _unescape(card.get("FN", ""))
    if not name.strip() and "N" in card:
        # N is family;given;additional;prefix;suffix
        parts = [_unescape(p) for p in _split_unescaped(card["N"], ";")]
        parts += [""] * (5 - len(parts))
        name = " ".join(p for p in (parts[3], parts[1], parts[2], parts[0], parts[4]) if p)
    org = _split_unescaped(card.get("ORG", ""), ";")
    row = make_row(
        line,
        name,
        company=_unescape(org[0]) if org else "",
        role=_unescape(card.get("TITLE", "")),
        email=_unescape(card.get("EMAIL", "")),
        url=_unescape(card.get("URL", "")),
        notes=_unescape(card.get("NOTE", "")),
    )
    if isinstance(row, str):
        parsed.skipped.append((line, row))
    else:
        parsed.rows.append(row)


def _unfolded(text: str) -> list[tuple[int, str]]:
    """Logical lines with their first physical line number (folding and QP soft breaks)."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif out and out[-1][1].endswith("=") and "QUOTED-PRINTABLE" in out[-1][1][:80].upper():
            out[-1] = (out[-1][0], out[-1][1][:-1] + raw)
        else:
            out.append((number, raw))
    return out


def _split(line: str) -> tuple[str, str, str]:
    """(property name without a group, parameters, value) of `item1.EMAIL;TYPE=work:x`."""
    head, sep, value = line.partition(":")
    if not sep:
        return "", "", ""
    name, _, params = head.partition(";")
    return name.rsplit(".", 1)[-1].strip().upper(), params.upper(), value


def _decoded(params: str, value: str) -> str:
    if "QUOTED-PRINTABLE" not in params:
        return value
    match = re.search(r"CHARSET=([A-Z0-9_-]+)", params)
    charset = match.group(1).lower() if match else "utf-8"
    raw = quopri.decodestring(value.encode("latin-1", "replace"))
    try:
        return raw.decode(charset, "replace")
    except LookupError:
        return raw.decode("utf-8", "replace")


def _split_unescaped(value: str, separator: str) -> list[str]:
    """Split on `separator` not preceded by a backslash (the parts stay escaped)."""
    return re.split(r"(?<!\\)" + re.escape(separator), value) if value else []


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), value).strip()
