"""Operator-facing one-line messages for failures of the environment, not of the data.

A locked, missing or full warehouse used to end a command in a raw traceback. The CLI prints one
line naming the file and what to do, exits non-zero, and shows the traceback only with -v.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator

_LOCK_RE = re.compile(r'Could not set lock on file "([^"]+)"')
_NO_FILE_RE = re.compile(r'(?:No such file or directory|Cannot open file|cannot open file) ?"?([^"\n]*)"?')


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (SQLAlchemy's .orig) and its causes."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        for nxt in (getattr(current, "orig", None), current.__cause__, current.__context__):
            if isinstance(nxt, BaseException):
                stack.append(nxt)


def describe(exc: BaseException) -> str:
    """One line: what went wrong, on which file, and what to do."""
    for err in _chain(exc):
        text = str(err)
        lock = _LOCK_RE.search(text)
        if lock:
            return (
                f"{lock.group(1)} is locked by another process (a running load/dbt task or a BI tool on the live file): "
                "wait for it or stop it, then rerun; BI tools should read the published copy"
            )
        if isinstance(err, OSError) and err.errno == errno.ENOSPC:
            return f"no space left on the device holding {err.filename or 'the data directory'}: free space, then rerun"
        if isinstance(err, PermissionError):
            return f"permission denied on {err.filename}: run as the user owning it or fix its permissions"
        if isinstance(err, FileNotFoundError):
            return f"{err.filename}: no such file or directory: check the path (or create its directory) and rerun"
        if isinstance(err, OSError) and err.errno is not None:
            return f"{err.filename or ''}: {err.strerror}".lstrip(": ")
        if "No space left on device" in text:
            return f"no space left on device ({_first_line(text)}): free space, then rerun"
    if type(exc).__name__ == "DbtError":  # "dbt build failed on <file> (exit n):" then the causes
        lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
        return " ".join(lines[:2])[:400]
    return f"{type(exc).__name__}: {_first_line(str(exc))}"


def _first_line(text: str, limit: int = 300) -> str:
    line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    return line if len(line) <= limit else line[:limit] + "…"
