"""Reading contact files: LinkedIn's quirks, vCards, generic CSVs, and the files refused.

The last tests are properties: whatever bytes arrive (garbage, a real export cut short or
with bytes flipped), the reader either returns people or refuses with a message that says
what would work; it never raises anything else.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.journal.import_files import read_file
from bot.journal.import_plan import name_key
from bot.journal.import_rows import MAX_FILE_BYTES, ImportRefused, ParsedFile
from bot.journal.names import fold

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    "are missing. You will only see email addresses for connections who have allowed their "
    'connections to see or download their email address using this setting."\r\n'
    "\r\n"
)
ROWS = [
    'Ann,Lee,https://www.linkedin.com/in/annlee,ann@globex.com,"Globex, Inc.",'
    '"Head of Data, EMEA",12 Mar 2024',
    "Zoë,Kowalski,https://www.linkedin.com/in/zoe,,Acme,PM,03 Jan 2023",
    'Bo,"Chen ""BC""",,,,,',
]


def linkedin(*, preamble: str = PREAMBLE, bom: bool = True, newline: str = "\r\n") -> bytes:
    text = preamble + newline.join([HEADER, *ROWS]) + newline
    return (("\ufeff" if bom else "") + text.replace("\r\n", newline)).encode()


def refusal(data: bytes, **kwargs: str) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        read_file(data, **kwargs)
    return caught.value


@pytest.mark.parametrize("preamble_lines", [0, 1, 2, 3])
@pytest.mark.parametrize("bom", [True, False])
@pytest.mark.parametrize("newline", ["\r\n", "\n"])
def test_linkedin_connections_with_every_quirk(
    preamble_lines: int, bom: bool, newline: str
) -> None:
    preamble = "".join(PREAMBLE.splitlines(keepends=True)[:preamble_lines])
    parsed = read_file(linkedin(preamble=preamble, bom=bom, newline=newline))
    assert parsed.kind == "LinkedIn connections"
    ann, zoe, bo = parsed.rows
    assert (ann.name, ann.company, ann.role) == ("Ann Lee", "Globex, Inc.", "Head of Data, EMEA")
    assert (ann.email, ann.url) == ("ann@globex.com", "https://www.linkedin.com/in/annlee")
    assert ann.connected_on == date(2024, 3, 12)
    assert zoe.name == "Zoë Kowalski"
    assert bo.name == 'Bo Chen "BC"'
    assert bo.connected_on is None
    assert ann.line == preamble_lines + 2


def test_older_export_without_url_and_the_export_zip() -> None:
    old = "\r\n".join(
        ["First Name,Last Name,Email Address,Company,Position,Connected On", "Zoë,K,,Acme,PM,"]
    ).encode()
    parsed = read_file(old)
    assert parsed.kind == "LinkedIn connections"
    assert parsed.rows[0].url == ""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Basic_LinkedIn_Data/messages.csv", "CONVERSATION ID,FROM\n1,x\n")
        archive.writestr("Basic_LinkedIn_Data/Connections.csv", linkedin())
    parsed = read_file(buffer.getvalue(), name="Basic_LinkedIn_Data.zip")
    assert [r.name for r in parsed.rows] == ["Ann Lee", "Zoë Kowalski", 'Bo Chen "BC"']


def test_vcards_of_every_version() -> None:
    cards = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Kowalski;Zo=C3=AB;;;\r\n"
        "ORG:Acme\\, Inc;Research\r\nTITLE:Product Manager\r\n"
        "EMAIL;PREF;INTERNET:zoe@acme.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dana Whit\r\n field\r\n"
        "item1.URL:https://dana.example\r\nNOTE:Met at the meetup\\nLikes maps\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nTEL:+1 555 0100\r\nEND:VCARD\r\n"
    )
    parsed = read_file(cards.encode(), name="contacts.vcf")
    assert parsed.kind == "vCard"
    zoe, dana = parsed.rows
    assert (zoe.name, zoe.company, zoe.role) == ("Zoë Kowalski", "Acme, Inc", "Product Manager")
    assert zoe.email == "zoe@acme.example"
    assert (dana.name, dana.url) == ("Dana Whitfield", "https://dana.example")
    assert dana.notes == "Met at the meetup\nLikes maps"
    assert parsed.skipped == [(15, "no name")]


def test_generic_csv_by_known_headers_by_columns_and_with_semicolons() -> None:
    google = (
        b"Name,Organization Name,Organization Title,E-mail 1 - Value\nAnn Lee,Globex,CTO,a@g.co\n"
    )
    row = read_file(google).rows[0]
    assert (row.name, row.company, row.role, row.email) == ("Ann Lee", "Globex", "CTO", "a@g.co")
    custom = b"Person;Employer;Notes\nBo Chen;Initech;from the meetup\n"
    refused = refusal(custom)
    assert "The first line has: Person;Employer;Notes" in refused.problem
    assert refused.example == 'contact import contacts.csv columns:"name=Person;Employer;Notes"'
    parsed = read_file(custom, columns="name=person, company=EMPLOYER")
    assert (parsed.rows[0].name, parsed.rows[0].company) == ("Bo Chen", "Initech")
    assert "fields are name" in refusal(custom, columns="who=Person").hint


def test_rows_that_cannot_be_used_are_skipped_with_the_reason() -> None:
    data = (
        f"{HEADER}\n"
        ",,,,Acme,,\n"
        f"Ann,Lee,,,{'x' * 250},,\n"
        "Bo,Chen,,,Acme, Inc,PM,01 Jan 2020\n"
        "Cy,Diaz,not a url,not an email,Acme,,someday\n"
    ).encode()
    parsed = read_file(data)
    assert parsed.skipped[0] == (2, "no name")
    assert parsed.skipped[1] == (3, "the company is over 200 characters")
    assert parsed.skipped[2][0] == 4
    assert "a comma that should be inside quotes" in parsed.skipped[2][1]
    (cy,) = parsed.rows
    assert (cy.url, cy.email, cy.connected_on) == ("", "", None)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "That file is empty."),
        (b"\x00\x01\x02\x03" * 100, "isn't text"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "That's a PDF"),
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "That's an image"),
        (HEADER.encode() + b'\nAnn,"Lee,,,,,\nBo,Chen,,,,,\n', "Line 2 has a quote that never"),
        (b"Colour,Size\nred,big\n", "which column has the names"),
        (HEADER.encode() + b"\n", "a header but no people"),
        (b"just some words\nin a text file\n", "which column has the names"),
    ],
)
def test_bad_files_are_refused_with_what_would_work(data: bytes, said: str) -> None:
    refused = refusal(data)
    assert said in refused.problem
    assert refused.example.startswith("contact import")
    assert refused.hint


def test_too_big_zip_without_connections_and_workbooks_are_refused() -> None:
    assert "50.0 MB" in refusal(b"x" * (50 * 1024 * 1024)).problem
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("messages.csv", "a,b\n")
    assert "no Connections.csv" in refusal(buffer.getvalue()).problem
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    assert "spreadsheet workbook" in refusal(buffer.getvalue()).problem
    buffer = io.BytesIO()  # a zip bomb: small, but says its member is huge
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Connections.csv", b"\n" * (MAX_FILE_BYTES + 10))
    assert "I take up to 20 MB" in refusal(buffer.getvalue()).problem
    assert "can't open it" in refusal(b"PK\x03\x04broken").problem


def _outcome(data: bytes) -> ParsedFile | ImportRefused:
    try:
        return read_file(data)
    except ImportRefused as refused:
        return refused


def _check(outcome: ParsedFile | ImportRefused) -> None:
    if isinstance(outcome, ImportRefused):
        assert outcome.problem
        assert outcome.example.startswith("contact import")
    else:
        assert outcome.rows or outcome.skipped
        assert all(r.name and len(r.name) <= 200 for r in outcome.rows)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_any_bytes_give_people_or_a_refusal(data: bytes) -> None:
    _check(_outcome(data))


@settings(max_examples=150, deadline=None)
@given(
    cut=st.integers(0, len(linkedin())),
    flips=st.lists(st.tuples(st.integers(0, len(linkedin()) - 1), st.integers(0, 255)), max_size=4),
)
def test_a_damaged_export_gives_people_or_a_refusal(cut: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(linkedin()[:cut])
    for at, value in flips:
        if at < len(data):
            data[at] = value
    _check(_outcome(bytes(data)))


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_people_or_a_refusal(text: str) -> None:
    _check(_outcome(text.encode()))
    _check(_outcome(f"{HEADER}\n{text}".encode()))
    _check(_outcome(f"BEGIN:VCARD\nFN:{text}\nEND:VCARD\n".encode()))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_the_fast_name_key_is_the_resolvers_fold(name: str) -> None:
    assert name_key(name) == fold(name)
