"""Compose up to a green nightly run, as on a new machine: the issue's target is under 10 minutes
(image builds included). Runs scripts/compose_smoke.py twice: --fresh (the cached stand-in images
and the debootstrap tarball removed first, so everything is built) and then warm (caches kept, as a
later `make test` finds them). Prints each phase's time and the images→green total against 600 s.

Needs what the smoke test needs (root, podman, runc, debootstrap: scripts/install-system-deps.sh).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 600.0
UP_TO_GREEN = ("images", "up", "healthy", "run")


def smoke(*flags: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "smoke.json"
        proc = subprocess.run([sys.executable, str(REPO / "scripts" / "compose_smoke.py"), "--json", str(out), *flags],
                              check=False, cwd=REPO, capture_output=True, text=True)
        if proc.returncode != 0:
            raise SystemExit(f"compose smoke {' '.join(flags)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return json.loads(out.read_text())


def main() -> int:
    rows = []
    for label, flags in (("fresh (nothing cached)", ("--fresh",)), ("warm (stand-in images cached)", ())):
        phases = smoke(*flags)["phases"]
        green = sum(phases[p] for p in UP_TO_GREEN)
        rows.append((label, phases, green))
        detail = "  ".join(f"{k} {v:.0f} s" for k, v in phases.items())
        print(f"{label:32s} images→green {green:5.0f} s ({'within' if green < TARGET_S else 'OVER'} the {TARGET_S:.0f} s target)  | {detail}",
              flush=True)
    return 0 if all(green < TARGET_S for _, _, green in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
