"""The schema of one entry of the sources file (pydantic), and its errors as operator messages.

Every field has a type and a sane range, unknown keys are refused, and every problem of every
entry becomes one line naming the entry and the field, so `check-sources` shows the whole list
at once and `run` refuses the same file before it crawls anything.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"
CREDENTIALS_HELP = (
    "credentials in a URL would be sent to the site and stored with every page; "
    "put site credentials in an Airflow connection or the environment (README: Site credentials)"
)

_Strict = ConfigDict(extra="forbid", strict=True)
NonEmpty = Annotated[str, Field(min_length=1, max_length=500)]


class RegionEntry(BaseModel):
    model_config = _Strict
    province: NonEmpty | None = None
    city: NonEmpty | None = None
    county: NonEmpty | None = None


class BudgetOverrides(BaseModel):
    """Per-source overrides of scrapers.budgets.Budgets (ranges keep a typo from disabling one)."""

    model_config = _Strict
    max_wall_s: Annotated[float, Field(ge=5, le=6 * 3600)] | None = None
    max_requests: Annotated[int, Field(ge=1, le=100_000)] | None = None
    max_bytes: Annotated[int, Field(ge=1024, le=20 * 1024**3)] | None = None
    max_page_bytes: Annotated[int, Field(ge=10_000, le=20 * 1024**2)] | None = None
    max_text_chars: Annotated[int, Field(ge=10_000, le=10_000_000)] | None = None
    attachment_max_unpacked_bytes: Annotated[int, Field(ge=1024, le=2 * 1024**3)] | None = None
    attachment_max_ratio: Annotated[float, Field(ge=2, le=10_000)] | None = None
    attachment_max_pages: Annotated[int, Field(ge=1, le=5000)] | None = None
    attachment_max_s: Annotated[float, Field(ge=1, le=3600)] | None = None
    attachment_max_memory_bytes: Annotated[int, Field(ge=64 * 1024**2, le=16 * 1024**3)] | None = None

    def items(self) -> tuple[tuple[str, float], ...]:
        return tuple((k, v) for k, v in self.model_dump().items() if v is not None)


class SourceEntry(BaseModel):
    model_config = _Strict
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    agency: NonEmpty
    list_urls: Annotated[list[str], Field(min_length=1, max_length=50)]
    region: RegionEntry = RegionEntry()
    # One request per 50 s is the slowest pace a nightly crawl can finish; 10/s is already rude.
    max_list_pages: Annotated[int, Field(ge=1, le=1000)] = 20
    requests_per_second: Annotated[float, Field(ge=0.02, le=10)] | None = None
    agency_aliases: Annotated[list[NonEmpty], Field(max_length=50)] = []
    notes: str | None = None
    budgets: BudgetOverrides = BudgetOverrides()

    @field_validator("list_urls", mode="before")
    @classmethod
    def _one_url_is_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("agency_aliases", mode="before")
    @classmethod
    def _one_alias_is_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else ([] if value is None else value)

    @field_validator("agency")
    @classmethod
    def _agency_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must be a non-empty string")
        return value.strip()

    @field_validator("list_urls")
    @classmethod
    def _http_urls_without_credentials(cls, urls: list[str]) -> list[str]:
        for url in urls:
            check_list_url(url)
        return urls


def check_list_url(url: str) -> None:
    """An http(s) URL with a host and no user:password@ (refused, never stripped silently)."""
    try:
        parts = urlsplit(url)
        port = parts.port  # raises on a non-numeric or out-of-range port
    except ValueError as exc:
        raise ValueError(f"{redact_url(url)!r} is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{redact_url(url)!r} is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"{redact_url(url)!r}: {CREDENTIALS_HELP}")
    del port


def redact_url(url: str) -> str:
    """The URL with any user:password@ replaced by ***@ (for messages and logs)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//[^/@]*@", "//***@", url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def validate_entry(entry: dict[str, Any], where: str) -> tuple[SourceEntry | None, list[str]]:
    """The entry, or the list of its problems as `<where>: field '<name>': <what is wrong>`."""
    # A key left empty in YAML (`region:`) means "not given": its default, or "missing".
    entry = {key: value for key, value in entry.items() if value is not None}
    try:
        return SourceEntry.model_validate(entry), []
    except ValidationError as exc:
        return None, [_message(where, error) for error in exc.errors(include_url=False, include_input=False)]


def _message(where: str, error: Any) -> str:
    loc = [str(p) for p in error["loc"]]
    kind, text = error["type"], error["msg"]
    if kind == "extra_forbidden":
        parent = ".".join(loc[:-1])
        return f"{where}: {f'field {parent!r}: ' if parent else ''}unknown key {loc[-1]!r}"
    field = _field_name(loc)
    if kind == "missing":
        return f"{where}: field {field!r} is missing"
    if kind == "string_pattern_mismatch" and loc == ["id"]:
        return f"{where}: field 'id' must be lowercase letters, digits, '-' or '_' (max 63)"
    text = text.removeprefix("Value error, ")
    return f"{where}: field {field!r}: {text}"


def _field_name(loc: list[str]) -> str:
    # list_urls.0 -> list_urls[0]; budgets.max_wall_s stays dotted.
    out = ""
    for part in loc:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out
