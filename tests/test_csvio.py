"""The one CSV module: the reader's checks and the writer's formula neutralisation."""

from __future__ import annotations

import csv
import io

import pytest

from careercenter.csvio import (
    CsvFileError,
    CsvSpec,
    check_email,
    neutralise,
    read_csv,
    write_rows,
)

SPEC = CsvSpec(
    columns={"email": ("e-mail", "email address"), "name": ("full name",)},
    required=("email",),
    noun="people",
)


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", '=HYPERLINK("http://x","y")'],
)
def test_writer_neutralises_every_formula_start(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Zoë", "a=b", "", "O'Brien", " =x"])
def test_writer_leaves_plain_text_alone(cell):
    assert neutralise(cell) == cell


def test_numbers_stay_numbers():
    assert [neutralise(v) for v in (-3, 2.5, True, None)] == ["-3", "2.5", "True", ""]


def test_written_rows_round_trip_through_the_csv_module():
    rows = [
        ["Łucja Wiśniewska", 'say "hi"', "line\nbreak", "a,b", -4],
        ["=cmd|' /C calc'!A0", "@x", "+1", "-", 0],
    ]
    text = "".join(write_rows(["name", "quote", "multi", "comma", "n"], rows))
    assert text.startswith("\ufeffname,")
    assert text.endswith("\r\n") and "\r\n" in text
    parsed = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert parsed[0] == ["name", "quote", "multi", "comma", "n"]
    assert parsed[1] == ["Łucja Wiśniewska", 'say "hi"', "line\nbreak", "a,b", "-4"]
    assert parsed[2] == ["'=cmd|' /C calc'!A0", "'@x", "'+1", "'-", "0"]


def test_writer_streams_one_line_at_a_time():
    lines = write_rows(["a"], ([i] for i in range(3)))
    assert next(lines) == "\ufeffa\r\n" and list(lines) == ["0\r\n", "1\r\n", "2\r\n"]


def test_reader_maps_headers_case_insensitively_with_aliases(ctx):
    data = "\ufeffFull  Name,E-Mail,Extra\r\nZoë,zoe@uni.example,x\r\n\r\n,,\r\n".encode()
    table = read_csv(data, SPEC, "people.csv")
    assert table.columns == ["name", "email"]
    assert [(r.line, r["email"], r["name"]) for r in table.rows] == [(2, "zoe@uni.example", "Zoë")]


def test_reader_reports_wrong_width_by_line(ctx):
    table = read_csv(b'email,name\na@x.example,"Two\nlines"\nb@x.example\n', SPEC)
    assert [p.line for p in table.problems] == [4]
    assert "found 1" in table.problems[0].reason


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"email\nx@y.example\n", "people.xlsx", "upload a .csv file"),
        (b"email\x00\n", None, "does not look like a CSV"),
        ("email\nżó@x.example\n".encode("cp1250"), None, "not UTF-8"),
        (b"  \n", None, "file is empty"),
        (b"name\nX\n", None, "missing: email"),
        (b"email\n", None, "no people in it"),
        (b'email\n"' + b"x" * 200_000 + b'"\n', None, "could not be read as CSV"),
    ],
)
def test_reader_refuses_unreadable_files(ctx, data, filename, message):
    with pytest.raises(CsvFileError, match=message):
        read_csv(data, SPEC, filename)


def test_reader_caps_size_and_rows(ctx):
    ctx.config["CSV_IMPORT_MAX_ROWS"], before = 2, ctx.config["CSV_IMPORT_MAX_ROWS"]
    try:
        with pytest.raises(CsvFileError, match="more than 2 people"):
            read_csv(b"email\na@x.example\nb@x.example\nc@x.example\n", SPEC)
        assert len(read_csv(b"email\na@x.example\n\nb@x.example\n", SPEC).rows) == 2
    finally:
        ctx.config["CSV_IMPORT_MAX_ROWS"] = before
    big = b"email\n" + b"a@x.example\n" * (ctx.config["CSV_IMPORT_MAX_BYTES"] // 12 + 1)
    with pytest.raises(CsvFileError, match="larger than 2 MB"):
        read_csv(big, SPEC)


def test_emails_are_checked_by_email_validator():
    assert check_email("Mixed.Case@UNI.Example") == "Mixed.Case@uni.example"
    for bad, why in [("", "empty"), ("a@b", "not valid"), ("a b@x.example", "not valid")]:
        with pytest.raises(ValueError, match=why):
            check_email(bad)
