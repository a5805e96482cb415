"""Reading a file: its bytes (bounded, failures named), its text as Python would decode it, its facts."""

from __future__ import annotations

import io
import os
import tokenize
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..extract import extract
from ..facts import ModuleFacts

MAX_FILE_BYTES = 20 * 1024 * 1024  # larger files are reported and skipped


@dataclass(frozen=True, slots=True)
class ReadFailure:
    message: str
    line: int = 1
    column: int = 1


def decode_source(data: bytes) -> str | ReadFailure:
    """Bytes -> text as Python would read them (BOM, coding cookie, else UTF-8); a failure names the spot."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        return ReadFailure(f"cannot determine the encoding: {error.msg if hasattr(error, 'msg') else error}")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return ReadFailure(
            f"cannot decode as {encoding}: byte 0x{data[error.start]:02x} at line {line}, column {column} "
            "(add a coding cookie or save the file as UTF-8)",
            line,
            column,
        )
    except LookupError:
        return ReadFailure(f"unknown encoding {encoding!r} in the coding cookie")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_file(path: Path | str) -> bytes | ReadFailure:
    try:
        # os-level open, fstat and read: this runs on every file of the tree, and file objects cost a third more.
        descriptor = os.open(path, _READ_FLAGS)
        try:
            size = os.fstat(descriptor).st_size
            if size > MAX_FILE_BYTES:
                return ReadFailure(f"file is too large to check ({size // (1024 * 1024)} MiB > 20 MiB); skipped")
            data = os.read(descriptor, size + 1)  # a regular file reads in one call, short only at its end
            if len(data) > size:  # it grew since the fstat: read on, up to the limit
                chunks = [data]
                while chunks[-1] and sum(map(len, chunks)) <= MAX_FILE_BYTES:
                    chunks.append(os.read(descriptor, MAX_FILE_BYTES + 1))
                data = b"".join(chunks)
        finally:
            os.close(descriptor)
        if len(data) > MAX_FILE_BYTES:  # grew while being read
            return ReadFailure(f"file is too large to check ({len(data) // (1024 * 1024)} MiB > 20 MiB); skipped")
        return data
    except FileNotFoundError:
        return ReadFailure("file disappeared during the run")
    except IsADirectoryError:
        return ReadFailure("is a directory")
    except PermissionError:
        return ReadFailure("permission denied")
    except OSError as error:
        return ReadFailure(f"cannot read: {error.strerror or error}")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def facts_for_bytes(data: bytes, path: str, module_name: str | None) -> ModuleFacts | ReadFailure:
    text = decode_source(data)
    if isinstance(text, ReadFailure):
        return text
    return extract(text, path, module_name)


def extract_job(job: tuple[str, str | None, bytes]) -> ModuleFacts | ReadFailure:
    path, module_name, data = job
    return facts_for_bytes(data, path, module_name)


def failure_diagnostic(key: str, failure: ReadFailure) -> Diagnostic:
    line, column = failure.line, failure.column
    return Diagnostic(key, line, column, line, column, "FLY902", "error", failure.message)
