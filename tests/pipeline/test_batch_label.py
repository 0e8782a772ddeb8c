"""The UI label of a mapped crawl task fits the column Airflow keeps it in."""

from __future__ import annotations

from scrapers.pipeline import MAX_LABEL_CHARS, batch_label


def test_short_batches_are_labelled_by_all_their_ids() -> None:
    assert batch_label(["hubei-xianning", "sx-hedong"]) == "hubei-xianning, sx-hedong"


def test_a_batch_of_250_sources_is_cut_with_the_count() -> None:
    ids = [f"sim-{n:04d}" for n in range(250, 500)]
    label = batch_label(ids)
    assert len(label) <= MAX_LABEL_CHARS
    assert label.startswith("sim-0250, sim-0251, ") and label.endswith("more (250 sources)")
    shown = label.split(", … +")[0].split(", ")
    assert shown == ids[: len(shown)] and f"+{250 - len(shown)} more" in label


def test_the_limit_is_airflows_column() -> None:
    """A longer label is rejected by the metadata database and fails the task (seen at 3,000 sources)."""
    from airflow.models.taskinstance import TaskInstance

    column = TaskInstance.__table__.columns["rendered_map_index"]
    assert column.type.length == MAX_LABEL_CHARS
