"""A picture of one agency's year over year, for those who would rather look than read a table.

Reads the published copy (marts.mart_metric_yoy) and draws, for the agency's latest report year,
each metric's computed 同比 change as a bar and the change the report states as a marker, with
Chinese labels (a CJK font from the system: scripts/install-system-deps.sh installs one).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scrapers.warehouse.read import query

# Families tried in order; the first the system has is used for every label.
CJK_FAMILIES = ("WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Droid Sans Fallback")


class PlotError(RuntimeError):
    pass


@dataclass(frozen=True)
class YoyBar:
    label: str
    pct_change: float
    stated_yoy_pct: float | None
    conflict: bool


def cjk_font_family() -> str:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return family
    # fonts installed after matplotlib built its cache
    for path in font_manager.findSystemFonts():
        if any(key in path.lower() for key in ("wqy", "notosanscjk", "noto-cjk", "droidsansfallback")):
            font_manager.fontManager.addfont(path)
    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in available:
            return family
    raise PlotError("no CJK font for Chinese labels: run `bash scripts/install-system-deps.sh` (fonts-wqy-zenhei)")


def latest_yoy(warehouse: str | Path, agency_id: str | None) -> tuple[str, int, list[YoyBar]]:
    """(agency name, year, bars) for the agency (default: the one with most comparable metrics)."""
    if agency_id is None:
        rows = query(
            warehouse,
            "select agency_id from marts.mart_metric_yoy where pct_change is not null "
            "group by agency_id order by count(*) desc, agency_id limit 1",
        )
        if not rows:
            raise PlotError(f"{warehouse}: no metric has a prior-year value yet, nothing to draw")
        agency_id = rows[0][0]
    year_rows = query(
        warehouse, "select max(report_year) from marts.mart_metric_yoy where agency_id = ? and pct_change is not null", [agency_id]
    )
    if not year_rows or year_rows[0][0] is None:
        raise PlotError(f"{warehouse}: agency {agency_id!r} has no year-over-year values")
    year = year_rows[0][0]
    rows = query(
        warehouse,
        "select agency, metric_name_zh, domain_name_zh, domain, pct_change, stated_yoy_pct, yoy_conflict "
        "from marts.mart_metric_yoy where agency_id = ? and report_year = ? and pct_change is not null "
        "order by pct_change",
        [agency_id, year],
    )
    bars = [
        YoyBar(name if domain == "all" else f"{name}（{domain_name}）", float(pct), None if stated is None else float(stated), bool(conflict))
        for _, name, domain_name, domain, pct, stated, conflict in rows
    ]
    return rows[0][0], year, bars


def plot_yoy(warehouse: str | Path, out: str | Path, agency_id: str | None = None) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    agency, year, bars = latest_yoy(warehouse, agency_id)
    family = cjk_font_family()
    with plt.rc_context({"font.family": family, "font.weight": "medium", "axes.unicode_minus": False}):
        fig, ax = plt.subplots(figsize=(9, 0.45 * len(bars) + 1.8), dpi=110)
        ys = range(len(bars))
        colors = ["#c0392b" if b.conflict else ("#2e86c1" if b.pct_change >= 0 else "#7f8c8d") for b in bars]
        ax.barh(list(ys), [b.pct_change for b in bars], color=colors, label="计算同比 computed")
        stated = [(y, b.stated_yoy_pct) for y, b in zip(ys, bars, strict=True) if b.stated_yoy_pct is not None]
        if stated:
            ax.scatter([s for _, s in stated], [y for y, _ in stated], marker="D", color="#f39c12", zorder=3, label="报告同比 stated")
        for y, b in zip(ys, bars, strict=True):
            ax.annotate(f"{b.pct_change:+.1f}%", (b.pct_change, y), xytext=(4 if b.pct_change >= 0 else -4, 0),
                        textcoords="offset points", va="center", ha="left" if b.pct_change >= 0 else "right", fontsize=8)
        ax.set_yticks(list(ys), [b.label for b in bars], fontsize=9)
        ax.axvline(0, color="#333", linewidth=0.8)
        ax.set_xlabel("同比变化 change on prior year (%)")
        ax.set_title(f"{agency} {year}年 同比 year over year")
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(out)
        plt.close(fig)
    return out
