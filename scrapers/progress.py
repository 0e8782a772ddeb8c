"""Progress a person can see: a live line on a terminal, nothing in logs or CI.

`run` and `reextract` take minutes over thousands of sources or reports; on a terminal (stderr is
a TTY and CI is not set) they show a rich progress bar with counts and the rate. Anywhere else the
bar is a no-op, so Airflow task logs and CI output stay as they were.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Progress(Protocol):
    def advance(self, steps: int = 1, **counts: int) -> None: ...


class _Quiet:
    def advance(self, steps: int = 1, **counts: int) -> None:
        return None


def on_terminal() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class _Bar:
    def __init__(self, bar, task_id, counts: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
        self._bar, self._task, self._counts = bar, task_id, counts

    def advance(self, steps: int = 1, **counts: int) -> None:
        for name, value in counts.items():
            self._counts[name] = self._counts.get(name, 0) + value
        extra = "  ".join(f"{name} {value:,}" for name, value in self._counts.items())
        self._bar.update(self._task, advance=steps, counts=extra)


@contextmanager
def progress(what: str, total: int, *, enabled: bool | None = None, **counts: int) -> Iterator[Progress]:
    """`with progress("sources", 3000, reports=0, errors=0) as p: p.advance(reports=2)`."""
    if not (on_terminal() if enabled is None else enabled):
        yield _Quiet()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, ProgressColumn, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task) -> Text:  # type: ignore[no-untyped-def]
            return Text(f"{task.speed:,.1f}/s" if task.speed else "")

    bar = RichProgress(
        TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), Rate(),
        TextColumn("{task.fields[counts]}"), TimeElapsedColumn(),
        console=Console(stderr=True), transient=False,
    )
    with bar:
        task_id = bar.add_task(what, total=total, counts="")
        handle = _Bar(bar, task_id, dict(counts))
        yield handle
