"""Regenerate scrapers/metrics/data/traditional.txt: the hand-checked pairs at its top, then every
one-character traditional → simplified pair of OpenCC's TSCharacters dictionary (Apache-2.0).

A traditional character that OpenCC also lists among its own simplified forms (乾 → 干 乾,
於 → 于 於) is left out: it is written in simplified text too, and folding it would change words.

    pip download --no-deps opencc-python-reimplemented==0.1.7 -d /tmp/occ
    unzip -o /tmp/occ/opencc_python_reimplemented-0.1.7-py2.py3-none-any.whl -d /tmp/occ/rp
    .venv/bin/python scripts/build_traditional_table.py /tmp/occ/rp/opencc/dictionary/TSCharacters.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

TABLE = Path(__file__).resolve().parents[1] / "scrapers" / "metrics" / "data" / "traditional.txt"
MARK = "# --- from OpenCC"
PER_LINE = 24


def main(dictionary: Path) -> None:
    text = TABLE.read_text(encoding="utf-8")
    hand = text.split(MARK, 1)[0].rstrip("\n")
    pairs = {token[0]: token[1] for line in hand.splitlines() if not line.startswith("#") for token in line.split()}
    added: list[str] = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        candidates = values.split()
        if len(key) != 1 or not candidates or key in candidates or key in pairs or len(candidates[0]) != 1:
            continue
        pairs[key] = candidates[0]
        added.append(key + candidates[0])
    body = [" ".join(added[i : i + PER_LINE]) for i in range(0, len(added), PER_LINE)]
    TABLE.write_text(
        f"{hand}\n{MARK} 1.1 dictionary TSCharacters.txt (Apache-2.0), via opencc-python-reimplemented 0.1.7:\n"
        f"# scripts/build_traditional_table.py wrote the {len(added)} pairs below.\n" + "\n".join(body) + "\n",
        encoding="utf-8",
    )
    print(f"{len(added)} pairs added to {TABLE}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
