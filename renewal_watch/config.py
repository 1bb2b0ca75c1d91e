"""Typed configuration: shipped defaults plus the user's TOML file, merged key by key.

`load_config()` is called once per process (CLI command, daemon, crawl child) and the result
is passed explicitly; there is no module-level singleton. Every problem is reported at once as
`file: key: message`, before anything runs.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from renewal_watch.exceptions import ConfigError

APP_NAME = "renewal-watch"
ENV_CONFIG = "RENEWAL_WATCH_CONFIG"
ENV_DB = "RENEWAL_WATCH_DB"
DEFAULTS_NAME = "default_config.toml"

# Arrays of tables that merge entry by entry, and the field that identifies an entry.
KEYED_ARRAYS = {"watch": "key", "source": "name", "channel": "name"}

Status = Literal["ended", "ongoing", "unknown"]
Trust = Literal["official", "trade", "community"]
Severity = Literal["critical", "warning", "notice"]
SourceType = Literal["feed", "sitemap", "ann_encyclopedia", "anilist", "jikan"]

_DURATION = re.compile(r"^\s*(\d+)\s*([smhdw])\s*$")
_DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_KEY_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def parse_duration(value: str | int | float) -> int:
    """Seconds from "90s", "30m", "6h", "1d", "2w" or a plain number of seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value <= 0:
            raise ValueError("must be positive")
        return int(value)
    match = _DURATION.match(str(value))
    if not match:
        raise ValueError(f"{value!r} is not a duration like 30m, 6h or 1d")
    seconds = int(match.group(1)) * _DURATION_UNITS[match.group(2)]
    if seconds <= 0:
        raise ValueError("must be positive")
    return seconds


def slugify(text: str) -> str:
    """A stable key from a title: lower-case ASCII words joined by '-' (falls back to a hash)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if slug:
        return slug
    import hashlib

    return "t-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class General(_Strict):
    contact_url: str = "https://github.com/renewal-watch/renewal-watch"


class Database(_Strict):
    url: str = ""


class Crawl(_Strict):
    download_timeout: Annotated[int, Field(gt=0, le=600)] = 30
    retry_times: Annotated[int, Field(ge=0, le=10)] = 2
    max_response_bytes: Annotated[int, Field(gt=1000)] = 10_000_000
    concurrent_requests_per_domain: Annotated[int, Field(ge=1, le=16)] = 2
    autothrottle_target_concurrency: Annotated[float, Field(gt=0, le=16)] = 1.0
    default_rate_per_minute: Annotated[float, Field(gt=0)] = 60
    article_max_age_days: Annotated[int, Field(ge=1)] = 30
    time_limit: Annotated[int, Field(gt=0)] = 900
    rate_limits: dict[str, Annotated[float, Field(gt=0)]] = Field(default_factory=dict)


class Alerts(_Strict):
    rumor: Literal["off", "notice", "digest"] = "notice"
    min_confidence: Annotated[float, Field(ge=0, le=1)] = 0.5
    retry_base_seconds: Annotated[int, Field(gt=0)] = 60
    retry_max_seconds: Annotated[int, Field(gt=0)] = 21600
    max_attempts: Annotated[int, Field(ge=1)] = 12
    channel_failure_threshold: Annotated[int, Field(ge=1)] = 3


class Daemon(_Strict):
    grace_period: Annotated[int, Field(ge=0)] = 60
    jitter: Annotated[int, Field(ge=0)] = 60
    min_interval: int = 600
    max_interval: int = 86400
    failure_threshold: Annotated[int, Field(ge=1)] = 3
    log_file: str = ""

    _durations = field_validator("min_interval", "max_interval", mode="before")(
        classmethod(lambda cls, v: parse_duration(v))
    )

    @model_validator(mode="after")
    def _bounds(self) -> Daemon:
        if self.min_interval > self.max_interval:
            raise ValueError("min_interval is larger than max_interval")
        return self


class Retention(_Strict):
    article_text_days: Annotated[int, Field(ge=1)] = 365
    runs_days: Annotated[int, Field(ge=1)] = 90


class Baseline(_Strict):
    last_season: Annotated[int, Field(ge=0, le=200)] | None = None
    status: Status = "unknown"
    as_of: dt.date | None = None
    note: str = ""


class Watch(_Strict):
    key: str = ""
    name: Annotated[str, Field(min_length=1, max_length=300)]
    aliases: list[Annotated[str, Field(min_length=1, max_length=300)]] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    ids: dict[Literal["anilist", "mal", "ann"], list[Annotated[int, Field(gt=0)]]] = Field(
        default_factory=dict
    )
    baseline: Baseline = Field(default_factory=Baseline)
    enabled: bool = True

    @model_validator(mode="before")
    @classmethod
    def _default_key(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("key") and isinstance(data.get("name"), str):
            data = {**data, "key": slugify(data["name"])}
        return data

    @field_validator("key")
    @classmethod
    def _key_shape(cls, v: str) -> str:
        if not _KEY_RE.match(v):
            raise ValueError("use lower-case letters, digits, '.', '_' or '-'")
        return v

    def spec(self):  # -> pipeline.matching.TitleSpec (imported lazily: config must stay light)
        """The matcher's view of this title."""
        from pipeline.matching import TitleSpec

        return TitleSpec(key=self.key, name=self.name, aliases=tuple(self.aliases),
                         context=tuple(self.context), exclude=tuple(self.exclude))

    def baseline_obj(self):  # -> pipeline.classifier.Baseline
        """The classifier's view of this title's baseline."""
        from pipeline.classifier import Baseline as ClassifierBaseline

        return ClassifierBaseline(last_season=self.baseline.last_season,
                                  status=self.baseline.status)


class Schedule(_Strict):
    interval: int | None = None
    cron: str | None = None

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> int | None:
        return None if v is None else parse_duration(v)

    @field_validator("cron")
    @classmethod
    def _cron(cls, v: str | None) -> str | None:
        if v is not None:
            from apscheduler.triggers.cron import CronTrigger

            CronTrigger.from_crontab(v)  # raises ValueError with the reason
        return v

    @model_validator(mode="after")
    def _one(self) -> Schedule:
        if (self.interval is None) == (self.cron is None):
            raise ValueError("give exactly one of interval or cron")
        return self


class Source(_Strict):
    name: str
    type: SourceType
    urls: list[str] = Field(default_factory=list)
    url_template: str | None = None
    trust: Trust = "community"
    enabled: bool = True
    schedule: Schedule = Field(default_factory=lambda: Schedule(interval=3600))
    follow_links: bool = True
    # sitemap only: only URLs matching one of these regular expressions are fetched
    url_patterns: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _name_shape(cls, v: str) -> str:
        if not _KEY_RE.match(v):
            raise ValueError("use lower-case letters, digits, '.', '_' or '-'")
        return v

    @field_validator("urls")
    @classmethod
    def _urls(cls, v: list[str]) -> list[str]:
        for url in v:
            if not re.match(r"^https?://[^\s/]+", url):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return v

    @field_validator("url_patterns")
    @classmethod
    def _patterns(cls, v: list[str]) -> list[str]:
        for pattern in v:
            re.compile(pattern)
        return v

    @model_validator(mode="after")
    def _has_url(self) -> Source:
        if not self.urls and not self.url_template:
            raise ValueError("give urls or url_template")
        if self.url_template and "{query}" not in self.url_template:
            raise ValueError("url_template must contain {query}")
        return self


class Channel(_Strict):
    name: str
    url: Annotated[str, Field(min_length=3)]
    severities: list[Severity] = Field(default_factory=lambda: ["critical", "warning"])
    digest: Literal["off", "daily", "weekly"] = "off"
    enabled: bool = True

    @field_validator("url")
    @classmethod
    def _scheme(cls, v: str) -> str:
        if "://" not in v:
            raise ValueError("not an Apprise URL (expected scheme://...)")
        return v


class Config(_Strict):
    """The whole configuration after merging and validation."""

    general: General = Field(default_factory=General)
    database: Database = Field(default_factory=Database)
    crawl: Crawl = Field(default_factory=Crawl)
    alerts: Alerts = Field(default_factory=Alerts)
    daemon: Daemon = Field(default_factory=Daemon)
    retention: Retention = Field(default_factory=Retention)
    watch: list[Watch] = Field(default_factory=list)
    source: list[Source] = Field(default_factory=list)
    channel: list[Channel] = Field(default_factory=list)
    # Where the user's file was (None: defaults only). Not read from TOML.
    path: Path | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _unique(self) -> Config:
        for field, key in KEYED_ARRAYS.items():
            seen: set[str] = set()
            for item in getattr(self, field):
                ident = getattr(item, key)
                if ident in seen:
                    raise ValueError(f"{field}: duplicate {key} {ident!r}")
                seen.add(ident)
        return self

    @property
    def watchlist(self) -> list[Watch]:
        """Enabled watched titles."""
        return [w for w in self.watch if w.enabled]

    @property
    def sources(self) -> list[Source]:
        """Enabled sources."""
        return [s for s in self.source if s.enabled]

    @property
    def channels(self) -> list[Channel]:
        """Enabled notification channels."""
        return [c for c in self.channel if c.enabled]

    def get_source(self, name: str) -> Source | None:
        return next((s for s in self.source if s.name == name), None)

    def get_watch(self, name_or_key: str) -> Watch | None:
        needle = name_or_key.casefold()
        for w in self.watch:
            if needle in {w.key, w.name.casefold(), *(a.casefold() for a in w.aliases)}:
                return w
        return None


@dataclass(frozen=True)
class ConfigPaths:
    defaults: str
    user: Path | None
    user_exists: bool


def default_user_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME))


def resolve_config_path(path: str | os.PathLike[str] | None = None) -> tuple[Path, bool]:
    """The user's config file: --config, then $RENEWAL_WATCH_CONFIG, then the platform default.

    Returns (path, explicit): an explicit path must exist; the platform default may not.
    """
    if path:
        return Path(path), True
    env = os.environ.get(ENV_CONFIG)
    if env:
        return Path(env), True
    return default_user_config_path(), False


def _read_toml(text: str, label: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{label}: {exc}"]) from exc


def load_defaults() -> dict[str, Any]:
    text = resources.files("renewal_watch").joinpath(DEFAULTS_NAME).read_text("utf-8")
    return _read_toml(text, DEFAULTS_NAME)


def merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge `override` into a copy of `base`: tables recursively, keyed arrays by key."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if key in KEYED_ARRAYS and isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = _merge_keyed(out[key], value, KEYED_ARRAYS[key])
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _entry_id(entry: Any, ident: str) -> str | None:
    if not isinstance(entry, dict):
        return None
    if entry.get(ident):
        return str(entry[ident])
    if ident == "key" and isinstance(entry.get("name"), str):
        return slugify(entry["name"])
    return None


def _merge_keyed(base: list[Any], override: list[Any], ident: str) -> list[Any]:
    out = list(base)
    index = {_entry_id(e, ident): i for i, e in enumerate(out) if _entry_id(e, ident)}
    for entry in override:
        key = _entry_id(entry, ident)
        if key is not None and key in index and isinstance(out[index[key]], dict):
            out[index[key]] = merge(out[index[key]], entry)
        else:
            out.append(copy.deepcopy(entry))
            if key is not None:
                index[key] = len(out) - 1
    return out


def _format_loc(loc: tuple[Any, ...], merged: dict[str, Any]) -> str:
    """`source[ann].schedule.interval` rather than pydantic's `source.3.schedule.interval`."""
    parts: list[str] = []
    cur: Any = merged
    for part in loc:
        if isinstance(part, int) and isinstance(cur, list) and part < len(cur):
            entry = cur[part]
            field = parts[-1] if parts else ""
            ident = _entry_id(entry, KEYED_ARRAYS.get(field, "name"))
            parts[-1] = f"{field}[{ident if ident else part}]"
            cur = entry
            continue
        parts.append(str(part))
        cur = cur.get(part) if isinstance(cur, dict) else None
    return ".".join(parts)


def _origin(loc: tuple[Any, ...], merged: dict[str, Any], user: dict[str, Any],
            user_label: str | None) -> str:
    """Which file a bad key came from: the user's if they set it, else the shipped defaults."""
    if user_label is None:
        return DEFAULTS_NAME
    # Map merged list indexes back to the user's entries by identity key.
    cur_merged: Any = merged
    cur_user: Any = user
    for i, part in enumerate(loc):
        if isinstance(part, int) and isinstance(cur_merged, list):
            field = loc[i - 1] if i else ""
            ident = _entry_id(cur_merged[part], KEYED_ARRAYS.get(str(field), "name")) \
                if part < len(cur_merged) else None
            match = None
            if isinstance(cur_user, list):
                for entry in cur_user:
                    if _entry_id(entry, KEYED_ARRAYS.get(str(field), "name")) == ident:
                        match = entry
            if match is None:
                return DEFAULTS_NAME
            cur_merged, cur_user = cur_merged[part] if part < len(cur_merged) else None, match
            continue
        if not isinstance(cur_user, dict) or part not in cur_user:
            # An error on a whole entry (e.g. a missing field) belongs to whoever added it.
            return user_label if i == len(loc) else DEFAULTS_NAME
        cur_user = cur_user[part]
        cur_merged = cur_merged.get(part) if isinstance(cur_merged, dict) else None
    return user_label


def validate(merged: dict[str, Any], user: dict[str, Any] | None = None,
             user_label: str | None = None) -> Config:
    """Validate a merged mapping; raise ConfigError listing every problem as `file: key: msg`."""
    try:
        return Config.model_validate(merged)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            label = _origin(loc, merged, user or {}, user_label) if loc else (
                user_label or DEFAULTS_NAME)
            key = _format_loc(loc, merged) or "(top level)"
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown key (typo?)"
            problems.append(f"{label}: {key}: {msg}")
        raise ConfigError(problems) from None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load shipped defaults, merge the user's file over them, validate, return a Config."""
    defaults = load_defaults()
    user_path, explicit = resolve_config_path(path)
    user: dict[str, Any] = {}
    label: str | None = None
    if user_path.exists():
        label = str(user_path)
        try:
            text = user_path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError([f"{label}: cannot read: {exc}"]) from exc
        user = _read_toml(text, label)
    elif explicit:
        raise ConfigError([f"{user_path}: file not found"])
    config = validate(merge(defaults, user), user, label)
    return config.model_copy(update={"path": user_path if label else None})


def database_url(config: Config | None, override: str | None = None) -> str:
    """--db, then $RENEWAL_WATCH_DB, then [database] url, then a SQLite file in the data dir."""
    if override:
        return override
    env = os.environ.get(ENV_DB)
    if env:
        return env
    if config is not None and config.database.url:
        return config.database.url
    return f"sqlite:///{default_data_dir() / 'renewal-watch.sqlite3'}"


def config_paths(path: str | os.PathLike[str] | None = None) -> ConfigPaths:
    user_path, _ = resolve_config_path(path)
    return ConfigPaths(defaults=str(resources.files("renewal_watch").joinpath(DEFAULTS_NAME)),
                       user=user_path, user_exists=user_path.exists())
