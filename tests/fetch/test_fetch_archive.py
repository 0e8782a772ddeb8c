"""RawArchive: WARC + SQLite index, byte-exact, deduplicated, safe with several writer processes."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scrapers.fetch import RawArchive
from scrapers.fetch.archive import ArchiveCorrupt
from scrapers.models import FetchedPage


def page(url: str, body: bytes, status: int = 200, at: str = "2026-11-01T02:00:00.000000+00:00",
         requested: str | None = None, headers: dict[str, str] | None = None) -> FetchedPage:
    return FetchedPage(
        url=url,
        requested_url=requested or url,
        status=status,
        headers=headers if headers is not None else {"Content-Type": "text/html"},
        body=body,
        fetched_at=at,
    )


def warc_records(root: Path) -> list[tuple[str, str, object]]:
    """(file, type, record headers) of every record in every WARC file, via warcio alone."""
    out = []
    for path in sorted((root / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh, check_digests="raise"):
                record.content_stream().read()  # reading drives the digest check
                out.append((path.name, record.rec_type, record.rec_headers))
    return out


def test_store_read_round_trip_is_byte_exact(archive):
    body = bytes(range(256)) * 100 + "结尾".encode("gbk")
    headers = {
        "Content-Type": "application/octet-stream",
        "Content-Encoding": "gzip",  # requests already decoded it: the WARC copy must not re-decode
        "Transfer-Encoding": "chunked",
        "Content-Disposition": 'attachment; filename="å¹´æ\x8a¥.pdf"',  # latin-1 view of UTF-8
        "X-Note": "年报",  # not latin-1 at all
    }
    original = page("http://a.gov.cn/att/1.pdf", body, headers=headers)
    key = archive.store(original, source_id="src")
    back = archive.read(key)
    assert back.body == body
    assert back.headers == headers
    assert (back.url, back.requested_url, back.status, back.fetched_at) == (
        original.url, original.requested_url, 200, original.fetched_at)
    assert back.archive_key == key
    assert archive.get(key).sha256 == hashlib.sha256(body).hexdigest()
    # The archive is durable and self-describing: a fresh instance (another process) reads it.
    assert RawArchive(archive.root).read(key).body == body


def test_identical_content_is_not_duplicated(archive, tmp_path):
    blob = os.urandom(512 * 1024)
    keys = [
        archive.store(page("http://a.gov.cn/x.pdf", blob), source_id="a"),
        archive.store(page("http://a.gov.cn/x.pdf", blob, at="2026-11-02T00:00:00+00:00"),
                      source_id="a"),
        archive.store(page("http://b.gov.cn/copy.pdf", blob), source_id="b"),
    ]
    assert len(set(keys)) == 3
    assert all(archive.read(k).body == blob for k in keys)
    types = [t for _, t, _ in warc_records(archive.root) if t != "warcinfo"]
    assert types == ["response", "revisit", "revisit"]
    size = sum(p.stat().st_size for p in (archive.root / "warc").iterdir())
    assert size < 1.2 * len(blob)


def test_latest_latest_ok_and_iter_latest_ok(archive):
    a, b, c, d = (f"http://s.gov.cn/{n}.html" for n in "abcd")
    archive.store(page(a, b"a-v1", at="2026-11-01T00:00:00+00:00"), source_id="s")
    archive.store(page(a, b"oops", status=503, at="2026-11-02T00:00:00+00:00"), source_id="s")
    archive.store(page(b, b"b-v1", at="2026-11-01T00:00:00+00:00"), source_id="s")
    archive.store(page(b, b"b-v2", at="2026-11-02T00:00:00+00:00"), source_id="s")
    archive.store(page(c, b"missing", status=404), source_id="s")
    archive.store(page(d, b"d-full", at="2026-11-01T00:00:00+00:00"), source_id="s")
    archive.store(page(d, b"d-cu", at="2026-11-02T00:00:00+00:00"), source_id="s",
                  truncated="disconnect")

    assert archive.latest(a).status == 503
    assert archive.read(archive.latest_ok(a)).body == b"a-v1"
    assert archive.read(archive.latest_ok(b)).body == b"b-v2"
    assert archive.latest(c).status == 404 and archive.latest_ok(c) is None
    assert archive.latest(d).truncated == "disconnect"
    assert archive.read(archive.latest_ok(d)).body == b"d-full"  # never a cut-off body
    assert archive.latest("http://s.gov.cn/never.html") is None

    latest = {r.url: archive.read(r).body for r in archive.iter_latest_ok()}
    assert latest == {a: b"a-v1", b: b"b-v2", d: b"d-full"}


def test_latest_finds_redirected_page_by_requested_url(archive):
    archive.store(page("http://s.gov.cn/new/", b"page", requested="http://s.gov.cn/old/"),
                  source_id="s")
    assert archive.latest_ok("http://s.gov.cn/old/").url == "http://s.gov.cn/new/"
    assert archive.latest_ok("http://s.gov.cn/new/").url == "http://s.gov.cn/new/"


def test_warc_files_are_readable_by_warcio(archive):
    archive.store(page("http://s.gov.cn/1.html", b"<html>one</html>"), source_id="s")
    archive.store(page("http://s.gov.cn/2.html", b"<html>one</html>"), source_id="s")
    archive.store(page("http://s.gov.cn/3.html", b"", status=304), source_id="s",
                  truncated=None)
    records = warc_records(archive.root)
    assert [t for _, t, _ in records] == ["warcinfo", "response", "revisit", "response"]
    response = records[1][2]
    assert response.get_header("WARC-Target-URI") == "http://s.gov.cn/1.html"
    assert response.get_header("WARC-X-Source-Id") == "s"
    assert response.get_header("WARC-Payload-Digest").startswith("sha256:")
    revisit = records[2][2]
    assert revisit.get_header("WARC-Refers-To-Target-URI") == "http://s.gov.cn/1.html"
    assert "identical-payload-digest" in revisit.get_header("WARC-Profile")


def test_truncated_record_carries_warc_truncated(archive):
    archive.store(page("http://s.gov.cn/big.pdf", b"%PDF-1.4 partial"), source_id="s",
                  truncated="length")
    [(_, _, headers)] = [r for r in warc_records(archive.root) if r[1] == "response"]
    assert headers.get_header("WARC-Truncated") == "length"


def test_corrupted_warc_is_detected_on_read(archive):
    key = archive.store(page("http://s.gov.cn/x.html", b"<html>" + b"x" * 5000 + b"</html>"),
                        source_id="s")
    warc = next((archive.root / "warc").iterdir())
    data = bytearray(warc.read_bytes())
    data[-40] ^= 0xFF
    warc.write_bytes(bytes(data))
    with pytest.raises(ArchiveCorrupt):
        archive.read(key)


# ---------------------------------------------------------------- several processes


def _store_many(root: str, worker: int, barrier, shared: bytes) -> None:  # type: ignore[no-untyped-def]
    archive = RawArchive(root)
    barrier.wait()
    for i in range(40):
        archive.store(page(f"http://s.gov.cn/w{worker}/{i}.html", f"w{worker}-{i}".encode() * 50),
                      source_id=f"w{worker}")
        # Both processes store the same attachment body, at the same moments.
        archive.store(page(f"http://s.gov.cn/shared/{i % 4}.pdf", shared), source_id=f"w{worker}")
    archive.close()


def test_concurrent_store_from_two_processes_keeps_index_consistent(tmp_path):
    root = tmp_path / "archive"
    RawArchive(root).close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    shared = os.urandom(64 * 1024)
    workers = [ctx.Process(target=_store_many, args=(str(root), n, barrier, shared))
               for n in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=60)
        assert w.exitcode == 0

    conn = sqlite3.connect(root / "index.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT count(*) FROM records").fetchone() == (160,)
    assert conn.execute("SELECT count(*) FROM records WHERE record_type='response'").fetchone() \
        == (81,)  # 80 distinct small pages + the shared body exactly once, across both writers
    conn.close()

    archive = RawArchive(root)
    for record in archive.iter_latest_ok():
        assert archive.read(record).sha256 == record.sha256
    assert len(list(archive.iter_latest_ok())) == 84
    files = list((root / "warc").glob("*.warc.gz"))
    assert len(files) == 2  # one per writer process, never shared
    records = warc_records(root)
    assert sum(1 for _, t, _ in records if t in ("response", "revisit")) == 160


def _store_one(archive: RawArchive, n: int) -> None:
    archive.store(page(f"http://s.gov.cn/fork/{n}.html", f"child {n}".encode()), source_id="c")


def test_archive_inherited_through_fork_never_shares_a_warc_file(archive):
    archive.store(page("http://s.gov.cn/parent.html", b"parent"), source_id="p")
    ctx = multiprocessing.get_context("fork")
    children = [ctx.Process(target=_store_one, args=(archive, n)) for n in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=30)
        assert child.exitcode == 0
    archive.store(page("http://s.gov.cn/parent2.html", b"parent again"), source_id="p")
    assert len(list((archive.root / "warc").glob("*.warc.gz"))) == 3
    assert len(warc_records(archive.root)) == 3 + 4  # warcinfo per file + 4 responses
    assert {archive.read(r).body for r in archive.iter_latest_ok()} == {
        b"parent", b"parent again", b"child 0", b"child 1"}
