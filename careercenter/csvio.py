"""CSV in and out, one way for every capability.

Reading: UTF-8 (with or without BOM), NUL bytes refused, size and row caps, a header mapped
case-insensitively through aliases, and problems reported by file line. Writing: RFC 4180
rows with a UTF-8 BOM (so spreadsheets pick the encoding), every text cell that a spreadsheet
would run as a formula neutralised with a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from flask import Response, current_app, stream_with_context

# Characters that make a spreadsheet treat a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


class CsvFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


@dataclass(frozen=True)
class LineProblem:
    """Why one line of a file was refused: its number (the header is line 1), a value, why."""

    line: int
    value: str
    reason: str


@dataclass(frozen=True)
class CsvRow:
    """One non-blank line: its first file line and its values by canonical column name."""

    line: int
    values: dict[str, str]
    raw: str

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass
class CsvTable:
    """The rows of a file, and the lines whose shape was already wrong."""

    columns: list[str]
    rows: list[CsvRow] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)


@dataclass(frozen=True)
class CsvSpec:
    """What a file must hold: canonical columns with their accepted header names."""

    columns: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    noun: str = "rows"  # "more than 1000 people"

    @property
    def example(self) -> str:
        return ",".join(self.columns)


def max_rows() -> int:
    return current_app.config["CSV_IMPORT_MAX_ROWS"]


def decode(data: bytes, spec: CsvSpec, filename: str | None = None) -> str:
    """Return the text of an upload, or raise `CsvFileError` saying what is wrong."""
    if filename is not None and not filename.lower().endswith(".csv"):
        raise CsvFileError("Please upload a .csv file (comma-separated values, UTF-8).")
    limit = current_app.config["CSV_IMPORT_MAX_BYTES"]
    if len(data) > limit:
        raise CsvFileError(
            f"This file is larger than {limit // (1024 * 1024)} MB. Split it into smaller files."
        )
    if b"\x00" in data:
        raise CsvFileError("This file does not look like a CSV text file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            f"This file is not UTF-8 text (unreadable byte at position {exc.start}). "
            "Save it as “CSV UTF-8” and upload it again."
        ) from exc
    if not text.strip():
        raise CsvFileError(f"This file is empty. The first line must be: {spec.example}")
    return text


def read_csv(data: bytes, spec: CsvSpec, filename: str | None = None) -> CsvTable:
    """Decode and parse an upload into rows; raise `CsvFileError` if the file is unreadable."""
    reader = csv.reader(io.StringIO(decode(data, spec, filename), newline=""))
    try:
        return _read(reader, spec)
    except csv.Error as error:
        raise CsvFileError(
            f"Line {reader.line_num} could not be read as CSV ({error}). "
            "Check for a very long cell or an unclosed quote."
        ) from error


def _read(reader, spec: CsvSpec) -> CsvTable:
    header: list[str] = next(reader, [])
    positions = _map_header(header, spec)
    width, limit = len(header), max_rows()
    table = CsvTable(columns=[name for name, _ in positions])
    line = reader.line_num
    for cells in reader:
        start, line = line + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(table.rows) + len(table.problems) >= limit:
            raise CsvFileError(
                f"This file has more than {limit} {spec.noun}. Split it into smaller files."
            )
        raw = ",".join(cells)[:120]
        if len(cells) != width:
            names = ", ".join(cell.strip() for cell in header)
            reason = f"Expected {width} values ({names}), found {len(cells)}."
            table.problems.append(LineProblem(start, raw, reason))
            continue
        values = {name: cells[index].strip() for name, index in positions}
        table.rows.append(CsvRow(start, values, raw))
    if not table.rows and not table.problems:
        raise CsvFileError(f"This file has a header but no {spec.noun} in it.")
    return table


def _map_header(header: list[str], spec: CsvSpec) -> list[tuple[str, int]]:
    aliases = {
        alias.lower(): name for name, names in spec.columns.items() for alias in (name, *names)
    }
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = aliases.get(" ".join(cell.split()).lower())
        if name is not None and name not in positions:
            positions[name] = index
    missing = [name for name in spec.required if name not in positions]
    if missing:
        found = ",".join(header)[:120]
        raise CsvFileError(
            f"The first line must be a header naming the columns “{spec.example}”; "
            f"this file has “{found}” (missing: {', '.join(missing)})."
        )
    return sorted(positions.items(), key=lambda item: item[1])


def check_email(value: str) -> str:
    """Return the address normalised (domain lower-cased), or raise `ValueError` saying why."""
    if not value:
        raise ValueError("The email is empty.")
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"Email address not valid: {error}") from error


def neutralise(value: object) -> str:
    """Return a cell's text, prefixed with `'` when a spreadsheet would run it as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return str(value)  # numbers are data, never formulas: "-3" stays a number
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_rows(header: Iterable[object], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """Yield RFC 4180 CSV text line by line: a BOM and the header first, cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(cells: Iterable[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell) for cell in cells])
        return buffer.getvalue()

    yield "\ufeff" + line(header)
    for row in rows:
        yield line(row)


def csv_response(filename: str, header: Iterable[object], rows: Iterable[Iterable[object]]):
    """Return a streamed CSV download named `filename`."""
    return Response(
        stream_with_context(write_rows(header, rows)),  # rows may read the database lazily
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
