"""Progress bars show on a terminal and stay out of logs and CI."""

from __future__ import annotations

import io

import pytest

from scrapers import progress as progress_mod


def test_quiet_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_mod.progress("sources", 3, reports=0) as bar:
        for _ in range(3):
            bar.advance(reports=1)
    out, err = capsys.readouterr()
    assert (out, err) == ("", "")


def test_quiet_under_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    monkeypatch.setenv("CI", "true")
    assert not progress_mod.on_terminal()
    monkeypatch.delenv("CI")
    monkeypatch.setenv("TERM", "xterm")
    assert progress_mod.on_terminal()


def test_bar_counts_sources_and_what_they_found(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    screen = io.StringIO()
    monkeypatch.setattr("rich.console.Console", lambda **kw: Console(file=screen, force_terminal=True, width=120))
    with progress_mod.progress("sources", 4, enabled=True, reports=0, errors=0) as bar:
        bar.advance(reports=2)
        bar.advance(errors=1)
    text = screen.getvalue()
    assert "sources" in text and "2/4" in text and "reports 2" in text and "errors 1" in text
