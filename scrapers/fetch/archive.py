"""Raw archive: every HTTP response we receive, kept as WARC, with a SQLite index.

Layout under ``root``::

    warc/<utc-time>-<host>-<pid>-<token>.warc.gz   one file per writer (process), never shared
    index.sqlite3                                  url -> records; WAL mode, shared by all writers

Why this shape:
- WARC is the web-archive standard; any tool (warcio, pywb, ...) can read our files without us.
- Each process appends only to its own WARC file, so writers never interleave bytes. The only
  shared state is the SQLite index, whose write lock (BEGIN IMMEDIATE) also serialises the
  "is this payload already stored?" check, so identical bodies are stored once even when two
  Airflow mapped tasks fetch the same attachment at the same time.
- A record is fsync'ed to its WARC file before its index row commits (synchronous=FULL), and
  ``store`` returns only after both: a key handed out is durable. A crash between the two leaves an
  unindexed but valid WARC record, never an index row pointing at missing bytes.
- Identical payloads are written once as a ``response`` record; later copies are WARC ``revisit``
  records (profile identical-payload-digest) carrying only status and headers.

Bodies are stored as ``requests`` hands them to us: Content-Encoding (gzip/deflate/br) and chunked
transfer coding are already removed. So that WARC readers don't try to decode them again, the
WARC copy of the HTTP headers renames Content-Encoding to X-Archive-Orig-Content-Encoding, drops
Transfer-Encoding and sets Content-Length to the stored length (an original differing value is kept
as X-Archive-Orig-Content-Length). The index keeps the headers exactly as received, and ``read``
returns those.

The SQLite index needs a local filesystem (WAL does not work over NFS). If workers run on several
machines, give each machine its own archive root.
"""

from __future__ import annotations

import base64
import hashlib
import http
import io
import json
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers.models import FetchedPage

# Roll over to a new WARC file at about this size; 1 GB is the usual web-archive convention.
WARC_ROLLOVER_BYTES = 1024**3
BUSY_TIMEOUT_MS = 60_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    key           TEXT NOT NULL UNIQUE,      -- '<warc file>#<offset>' of this record
    url           TEXT NOT NULL,             -- final URL of this response
    requested_url TEXT NOT NULL,             -- what the caller asked for (before redirects)
    status        INTEGER NOT NULL,
    headers       TEXT NOT NULL,             -- JSON, as received
    sha256        TEXT NOT NULL,             -- of the body
    body_length   INTEGER NOT NULL,
    fetched_at    TEXT NOT NULL,
    source_id     TEXT NOT NULL,
    truncated     TEXT,                      -- WARC-Truncated reason, NULL if complete
    record_type   TEXT NOT NULL,             -- 'response' or 'revisit'
    warc_file     TEXT NOT NULL,
    warc_offset   INTEGER NOT NULL,
    warc_length   INTEGER NOT NULL,
    payload_key   TEXT NOT NULL              -- key of the record holding the body bytes
);
CREATE INDEX IF NOT EXISTS records_url ON records (url, fetched_at, id);
CREATE INDEX IF NOT EXISTS records_requested ON records (requested_url, fetched_at, id);
CREATE TABLE IF NOT EXISTS blobs (
    sha256         TEXT PRIMARY KEY,
    key            TEXT NOT NULL,            -- the 'response' record holding these bytes
    url            TEXT NOT NULL,
    warc_date      TEXT NOT NULL,
    payload_digest TEXT NOT NULL
);
"""

_COLUMNS = (
    "key, url, requested_url, status, headers, sha256, fetched_at, source_id, truncated, payload_key"
)


@dataclass(frozen=True)
class ArchivedRecord:
    """Metadata of one archived response (the body stays on disk until ``read``)."""

    url: str
    requested_url: str
    status: int
    headers: dict[str, str]
    sha256: str
    fetched_at: str
    source_id: str
    key: str
    # WARC-Truncated reason ('length', 'time', 'disconnect') when the body is incomplete.
    truncated: str | None = None


class ArchiveCorrupt(Exception):
    """Archived bytes do not match their index entry (disk damage or a hand-edited file)."""


class RawArchive:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.warc_dir = self.root / "warc"
        self.warc_dir.mkdir(parents=True, exist_ok=True)
        self.index_path = self.root / "index.sqlite3"
        self._lock = threading.RLock()
        self._pid = -1
        self._conn: sqlite3.Connection | None = None
        self._writer: _WarcFile | None = None
        with self._lock:
            self._connection()  # create the schema now, so a bad root fails at construction

    # ------------------------------------------------------------------ writing

    def store(
        self, page: FetchedPage, *, source_id: str, truncated: str | None = None
    ) -> str:
        """Archive one response durably and return its key.

        ``truncated`` (WARC-Truncated: 'length' | 'time' | 'disconnect') marks a body we know is
        incomplete; such records never count as ``latest_ok``.
        """
        body = page.body
        sha = hashlib.sha256(body).hexdigest()
        with self._lock:
            conn = self._connection()
            writer = self._current_writer()
            conn.execute("BEGIN IMMEDIATE")  # cross-process lock for the dedup decision
            try:
                blob = conn.execute(
                    "SELECT key, url, warc_date, payload_digest FROM blobs WHERE sha256 = ?", (sha,)
                ).fetchone()
                # Empty bodies (redirects, 304s) are not worth a revisit indirection.
                if blob is not None and body:
                    record_bytes = _revisit_record(page, source_id, truncated, *blob[1:])
                    record_type, payload_key = "revisit", blob[0]
                else:
                    record_bytes, warc_date, digest = _response_record(page, source_id, truncated)
                    record_type, payload_key = "response", None
                offset = writer.append(record_bytes)
                key = f"{writer.name}#{offset}"
                if payload_key is None:
                    payload_key = key
                    if blob is None:
                        conn.execute(
                            "INSERT INTO blobs VALUES (?, ?, ?, ?, ?)",
                            (sha, key, page.url, warc_date, digest),
                        )
                conn.execute(
                    "INSERT INTO records (key, url, requested_url, status, headers, sha256,"
                    " body_length, fetched_at, source_id, truncated, record_type, warc_file,"
                    " warc_offset, warc_length, payload_key)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        key, page.url, page.requested_url, page.status,
                        json.dumps(page.headers, ensure_ascii=False), sha, len(body),
                        page.fetched_at, source_id, truncated, record_type, writer.name,
                        offset, len(record_bytes), payload_key,
                    ),
                )
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:  # BEGIN itself may have failed (busy timeout)
                    conn.execute("ROLLBACK")
                raise
        return key

    # ------------------------------------------------------------------ reading

    def latest(self, url: str) -> ArchivedRecord | None:
        """Newest record fetched for ``url`` (as final or as requested URL), any status."""
        return self._latest(url, ok_only=False)

    def latest_ok(self, url: str) -> ArchivedRecord | None:
        """Newest complete 2xx record for ``url`` (as final or as requested URL)."""
        return self._latest(url, ok_only=True)

    def _row(self, key: str) -> tuple:
        with self._lock:
            row = self._connection().execute(
                f"SELECT {_COLUMNS} FROM records WHERE key = ?", (key,)
            ).fetchone()
        if row is None:
            raise KeyError(key)
        return row

    def get(self, key: str) -> ArchivedRecord:
        return _to_record(self._row(key))

    def read(self, record_or_key: ArchivedRecord | str) -> FetchedPage:
        """The archived response: body bytes exactly as stored, headers as received."""
        key = record_or_key.key if isinstance(record_or_key, ArchivedRecord) else record_or_key
        row = self._row(key)
        record = _to_record(row)
        payload_key = row[-1]
        try:
            body = self._read_payload(payload_key)
            if hashlib.sha256(body).hexdigest() != record.sha256:
                raise ArchiveCorrupt(f"{key}: payload in {payload_key} does not match its sha256")
        except ArchiveCorrupt:
            self._forget_blob(payload_key)
            raise
        return FetchedPage(
            url=record.url,
            requested_url=record.requested_url,
            status=record.status,
            headers=dict(record.headers),
            body=body,
            fetched_at=record.fetched_at,
            archive_key=key,
        )

    def iter_latest_ok(self) -> Iterator[ArchivedRecord]:
        """The newest complete 2xx record of every final URL, for re-extracting without crawling."""
        with self._lock:
            rows = self._connection().execute(
                f"SELECT {_COLUMNS} FROM ("
                f"  SELECT {_COLUMNS}, ROW_NUMBER() OVER ("
                "     PARTITION BY url ORDER BY fetched_at DESC, id DESC) AS rn"
                "  FROM records WHERE status BETWEEN 200 AND 299 AND truncated IS NULL"
                ") WHERE rn = 1 ORDER BY url"
            ).fetchall()
        for row in rows:
            yield _to_record(row)

    def close(self) -> None:
        with self._lock:
            if self._writer is not None and self._pid == os.getpid():
                self._writer.close()
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._writer = None
            self._conn = None

    # ------------------------------------------------------------------ internals

    def _latest(self, url: str, *, ok_only: bool) -> ArchivedRecord | None:
        ok = " AND status BETWEEN 200 AND 299 AND truncated IS NULL" if ok_only else ""
        # Two indexed lookups instead of one OR, so SQLite uses both indexes.
        query = (
            f"SELECT {_COLUMNS} FROM ("
            f"  SELECT {_COLUMNS}, fetched_at AS f, id FROM records WHERE url = ?{ok}"
            f"  UNION ALL"
            f"  SELECT {_COLUMNS}, fetched_at AS f, id FROM records WHERE requested_url = ?{ok}"
            f") ORDER BY f DESC, id DESC LIMIT 1"
        )
        with self._lock:
            row = self._connection().execute(query, (url, url)).fetchone()
        return _to_record(row) if row else None

    def _forget_blob(self, payload_key: str) -> None:
        """Stop deduplicating against damaged bytes: the next store of that content writes a
        full response record again (self-healing after disk damage)."""
        with self._lock:
            self._connection().execute("DELETE FROM blobs WHERE key = ?", (payload_key,))

    def _read_payload(self, key: str) -> bytes:
        name, _, offset = key.rpartition("#")
        path = self.warc_dir / name
        if "/" in name or not path.is_file():
            raise ArchiveCorrupt(f"{key}: WARC file missing")
        try:
            with open(path, "rb") as fh:
                fh.seek(int(offset))
                record = next(iter(ArchiveIterator(fh)), None)
                if record is None or record.rec_type != "response":
                    raise ArchiveCorrupt(f"{key}: no response record at that offset")
                # raw_stream: payload after the HTTP headers, with no decoding applied (we stored
                # the body already decoded and removed the headers that would trigger decoding).
                return record.raw_stream.read()
        except ArchiveCorrupt:
            raise
        except Exception as exc:  # zlib/gzip/WARC parse errors all mean damaged bytes on disk
            raise ArchiveCorrupt(f"{key}: unreadable WARC record ({exc!r:.200})") from exc

    def _connection(self) -> sqlite3.Connection:
        self._check_pid()
        if self._conn is None:
            conn = sqlite3.connect(
                self.index_path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # we issue BEGIN/COMMIT ourselves
                check_same_thread=False,  # guarded by self._lock
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a committed index row survives power loss, matching the fsync'ed WARC bytes.
            conn.execute("PRAGMA synchronous = FULL")
            # One transaction, so processes racing to create the schema see all or nothing.
            conn.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}COMMIT;")
            self._conn = conn
        return self._conn

    def _current_writer(self) -> _WarcFile:
        self._check_pid()
        if self._writer is not None and (
            self._writer.broken or self._writer.size >= WARC_ROLLOVER_BYTES
        ):
            self._writer.close()
            self._writer = None
        if self._writer is None:
            self._writer = _WarcFile.create(self.warc_dir)
        return self._writer

    def _check_pid(self) -> None:
        # After a fork the child must not append to the parent's WARC file or reuse its SQLite
        # connection: drop both (without closing the parent's handles) and open our own.
        pid = os.getpid()
        if pid != self._pid:
            self._pid = pid
            self._conn = None
            self._writer = None


class _WarcFile:
    """An append-only WARC file owned by exactly one process."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self.name = path.name
        self.fd = fd
        self.size = 0
        self.broken = False

    @classmethod
    def create(cls, directory: Path) -> _WarcFile:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        host = "".join(c if c.isalnum() or c in "-." else "_" for c in socket.gethostname())
        name = f"{stamp}-{host}-{os.getpid()}-{uuid.uuid4().hex[:8]}.warc.gz"
        path = directory / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        warc = cls(path, fd)
        _fsync_dir(directory)  # make the new directory entry itself durable
        warc.append(_warcinfo_record(name))
        return warc

    def append(self, data: bytes) -> int:
        """Write one whole gzip member and fsync; return its offset."""
        # Ask the file, not a counter: the offset must be where the bytes really land.
        offset = os.lseek(self.fd, 0, os.SEEK_END)
        try:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fsync(self.fd)
        except BaseException:
            # Never leave half a record in the middle of the file: cut back to the last good
            # record, and if even that fails, abandon this file for a fresh one.
            try:
                os.ftruncate(self.fd, offset)
            except OSError:
                pass
            self.broken = True
            raise
        self.size = offset + len(data)
        return offset

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------------- WARC record building


def _warc_date(fetched_at: str) -> str:
    try:
        moment = datetime.fromisoformat(fetched_at.replace("Z", "+00:00"))
    except ValueError:
        moment = datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _payload_digest(body: bytes) -> str:
    return "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode("ascii")


def _http_headers(page: FetchedPage) -> StatusAndHeaders:
    try:
        phrase = http.HTTPStatus(page.status).phrase
    except ValueError:
        phrase = "Unknown"
    headers: list[tuple[str, str]] = []
    for name, value in page.headers.items():
        lower = name.lower()
        if lower == "transfer-encoding":
            continue  # the body is de-chunked
        if lower == "content-encoding":
            headers.append(("X-Archive-Orig-Content-Encoding", value))
        elif lower == "content-length":
            if value.strip() != str(len(page.body)):
                headers.append(("X-Archive-Orig-Content-Length", value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(page.body))))
    return StatusAndHeaders(f"{page.status} {phrase}", headers, protocol="HTTP/1.1")


def _extension_headers(page: FetchedPage, source_id: str, truncated: str | None) -> dict[str, str]:
    fields = {
        "WARC-Date": _warc_date(page.fetched_at),
        # Extension fields (WARC allows them): what the caller asked for, who, and when precisely.
        "WARC-X-Requested-URI": page.requested_url,
        "WARC-X-Source-Id": source_id,
        "WARC-X-Fetched-At": page.fetched_at,
    }
    if truncated:
        fields["WARC-Truncated"] = truncated
    return fields


def _serialise(record) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    WARCWriter(buffer, gzip=True).write_record(record)
    return buffer.getvalue()


def _response_record(
    page: FetchedPage, source_id: str, truncated: str | None
) -> tuple[bytes, str, str]:
    fields = _extension_headers(page, source_id, truncated)
    digest = _payload_digest(page.body)
    fields["WARC-Payload-Digest"] = digest
    record = WARCWriter(None, gzip=True).create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=_http_headers(page),
        warc_headers_dict=fields,
    )
    return _serialise(record), fields["WARC-Date"], digest


def _revisit_record(
    page: FetchedPage,
    source_id: str,
    truncated: str | None,
    original_url: str,
    original_date: str,
    digest: str,
) -> bytes:
    record = WARCWriter(None, gzip=True).create_revisit_record(
        page.url,
        digest,
        original_url,
        original_date,
        http_headers=_http_headers(page),
        warc_headers_dict=_extension_headers(page, source_id, truncated),
    )
    return _serialise(record)


def _warcinfo_record(filename: str) -> bytes:
    writer = WARCWriter(None, gzip=True)
    record = writer.create_warcinfo_record(
        filename,
        {
            "software": "mr-reports fetch layer (warcio)",
            "format": "WARC File Format 1.0",
            "hostname": socket.gethostname(),
            "pid": str(os.getpid()),
            "description": "bodies stored after Content-Encoding/chunked decoding; see headers"
            " X-Archive-Orig-*",
        },
    )
    return _serialise(record)


def _to_record(row: tuple) -> ArchivedRecord:  # type: ignore[type-arg]
    key, url, requested_url, status, headers, sha, fetched_at, source_id, truncated = row[:9]
    return ArchivedRecord(
        url=url,
        requested_url=requested_url,
        status=status,
        headers=json.loads(headers),
        sha256=sha,
        fetched_at=fetched_at,
        source_id=source_id,
        key=key,
        truncated=truncated,
    )
