"""Leftovers of a publish that was killed mid-copy, removed by the next publish.

publish() copies the warehouse to a temporary file beside the published copy and swaps it in; a
task killed during the copy (kill -9, OOM, a node lost) left that temporary file forever, as big
as the warehouse. Each temporary file carries its writer's pid; the next publish removes those
whose writer is gone (or that are older than a day, in case the pid was reused).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

log = logging.getLogger(__name__)

PUBLISH_TMP_PREFIX = ".publish-"
STALE_AFTER_S = 24 * 3600


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def _writer_pid(name: str) -> int | None:
    head = name.removeprefix(PUBLISH_TMP_PREFIX).split("-", 1)[0]
    return int(head) if head.isdigit() else None


def remove_publish_leftovers(directory: Path) -> list[Path]:
    removed = []
    now = time.time()
    for path in directory.glob(f"{PUBLISH_TMP_PREFIX}*.duckdb*"):
        pid = _writer_pid(path.name)
        try:
            old = now - path.stat().st_mtime > STALE_AFTER_S
        except FileNotFoundError:
            continue
        # Files without a pid come from before pids were recorded: only their age can tell.
        if old or (pid is not None and pid != os.getpid() and not _pid_alive(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
            log.warning("removed %s, left by a publish that did not finish", path)
    return removed
