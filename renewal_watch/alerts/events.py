"""What counts as an event, and how sure we are of it: pure functions, no database.

An *event* is a change of a title's status ("Hero Mask: renewal, season 3"), judged against
what we currently believe about the title. Articles and structured signals are *reports* of
events; many reports of one event make one alert, and its severity follows the reports:

* ``critical``: an official or trade source, or a structured signal (AniList, ANN, Jikan),
  reports it, or two independent sources agree;
* ``warning``: a single community source;
* ``notice``: a rumor (whatever the source: a rumor stays a rumor until something confirms
  the event itself, which opens its own alert).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------

# Classifier labels that describe a change of status (the rest are kept for the report only).
EVENT_LABELS = frozenset({"renewal", "new_project", "ended", "rumor"})
# Labels that never alert, whatever their confidence.
NEVER_ALERT_LABELS = frozenset({"mention", "unrelated"})

# Alert kinds: the event kinds above plus operational ones.
KIND_RENEWAL = "renewal"
KIND_NEW_PROJECT = "new_project"
KIND_ENDED = "ended"
KIND_RUMOR = "rumor"
KIND_SOURCE_HEALTH = "source_health"
KIND_CHANNEL_HEALTH = "channel_health"
EVENT_KINDS = frozenset({KIND_RENEWAL, KIND_NEW_PROJECT, KIND_ENDED, KIND_RUMOR})

# Severities, lowest first. Severity only rises (SEVERITY_RANK orders them).
SEVERITIES = ("notice", "warning", "critical")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

# Source trust levels whose report alone confirms an event.
CONFIRMING_TRUST = frozenset({"official", "trade"})
# Independent sources that, agreeing, confirm an event whatever their trust.
AGREEING_SOURCES_TO_CONFIRM = 2

# Provider vocabularies are compared upper-case with "_" and "-" read as spaces.
# Structured relations that announce a continuation (AniList SEQUEL, ANN "sequel", Jikan "Sequel").
SEQUEL_RELATIONS = frozenset({"SEQUEL"})
# Related-entry statuses that mean "announced, not finished": a new sequel is on its way.
UPCOMING_STATUSES = frozenset({
    "NOT YET RELEASED", "NOT YET AIRED", "UPCOMING", "RELEASING", "CURRENTLY AIRING"})
# Statuses of a finished related entry: an old sequel, never news.
FINISHED_STATUSES = frozenset({"FINISHED", "FINISHED AIRING", "CANCELLED", "CANCELED"})
# A subject's own status that means the show was cancelled (an `ended` event).
CANCELLED_STATUSES = frozenset({"CANCELLED", "CANCELED"})
# Related-entry formats that make a sequel a renewal; anything else (MOVIE, OVA, SPECIAL, ONA)
# is a new project, unless its title numbers a season ("Hero Mask Season 3", ANN's
# "Hero Mask (ONA 3)"): streaming series are often filed as ONA.
SERIES_FORMATS = frozenset({"TV", "TV SHORT"})
FILM_FORMATS = frozenset({"MOVIE", "FILM"})
# Signal kinds: a relation of the watched entry, the entry's own status, and (ANN) a newly
# added encyclopedia entry whose name starts with the watched name.
SIGNAL_RELATION = "relation"
SIGNAL_STATUS = "status"
SIGNAL_NEW_ENTRY = "new_entry"

# Season numbers in a related entry's title: "Season 3", "3rd Season", "(TV 3)", "第3期", "S3".
_SEASON_PATTERNS = (
    re.compile(r"\bseason\s*(\d{1,2})\b", re.IGNORECASE),
    re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+season\b", re.IGNORECASE),
    re.compile(r"\(\s*(?:TV|ONA|Web)\s*(\d{1,2})\s*\)", re.IGNORECASE),
    re.compile(r"第\s*(\d{1,2})\s*期"),
    re.compile(r"\bS(\d{1,2})\b"),
)
_ROMAN_SEASON = re.compile(r"\b(II|III|IV|V|VI)\s*$")
_ROMAN = {"II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6}

# How long a season-less event (a film, an OVA) stays open to corroboration: a second film
# announced years later is a new event, not a follow-up.
UNNUMBERED_EVENT_WINDOW_DAYS = 180
# Bounds on scraped text carried into alerts and messages.
MAX_EVIDENCE_ITEMS = 3
MAX_EVIDENCE_CHARS = 400


@dataclass(frozen=True)
class State:
    """What we believe about a title: status ("ended" | "ongoing" | "unknown") and last season."""

    status: str
    season: int | None


@dataclass(frozen=True)
class Event:
    """An event a report speaks of: its kind and season ("renewal", 3)."""

    kind: str
    season: int | None = None

    def key(self, title_key: str) -> str:
        """The dedupe key every report of this event shares."""
        season = "-" if self.season is None else str(self.season)
        return f"event:{title_key}:{self.kind}:{season}"

    def describe(self, title_name: str) -> str:
        """ "Hero Mask: renewal, season 3" """
        words = {KIND_NEW_PROJECT: "new project", KIND_ENDED: "ended"}.get(self.kind, self.kind)
        if self.season is not None and self.kind in (KIND_RENEWAL, KIND_RUMOR):
            return f"{title_name}: {words}, season {self.season}"
        return f"{title_name}: {words}"


@dataclass(frozen=True)
class Report:
    """One attached report, as severity sees it."""

    source_name: str | None
    trust: str | None
    independent: bool = True
    structured: bool = False


# --------------------------------------------------------------------------------------------
# Events from classifications and signals
# --------------------------------------------------------------------------------------------


def event_for_label(label: str, season: int | None, state: State) -> Event | None:
    """The event a classification speaks of, or None (mentions, unrelated matches).

    A renewal without a season number means "the next season" of what we believe.
    """
    if label not in EVENT_LABELS:
        return None
    if label in (KIND_RENEWAL, KIND_RUMOR) and season is None and state.season is not None:
        season = state.season + 1
    if label in (KIND_NEW_PROJECT, KIND_ENDED):
        season = None if label == KIND_ENDED else season
    return Event(kind=label, season=season)


def is_change(event: Event, state: State) -> bool:
    """Whether the event changes what we believe (only changes open alerts)."""
    if event.kind == KIND_ENDED:
        return state.status != "ended"
    if event.kind in (KIND_RENEWAL, KIND_RUMOR):
        if event.season is not None and state.season is not None:
            return event.season > state.season
        return True
    return event.kind == KIND_NEW_PROJECT


def season_from_title(title: str | None) -> int | None:
    """The season number a related entry's title carries ("Hero Mask Season 3" -> 3)."""
    if not title:
        return None
    for pattern in _SEASON_PATTERNS:
        match = pattern.search(title)
        if match:
            return int(match.group(1))
    roman = _ROMAN_SEASON.search(title.strip())
    return _ROMAN[roman.group(1)] if roman else None


def _norm(value: str | None) -> str:
    return " ".join((value or "").upper().replace("_", " ").replace("-", " ").split())


def event_for_signal(*, kind: str, relation: str | None, related_title: str | None,
                     related_format: str | None, related_status: str | None,
                     status: str | None, newly_related: bool, state: State) -> Event | None:
    """The event a structured signal announces, or None.

    A SEQUEL relation to an entry not yet released (or newly appeared, when the provider gives
    no status) announces a continuation, as does a newly added ANN entry named after the
    title; see `continuation` for renewal or new project. A subject whose own status turns to
    CANCELLED has ended.
    """
    if kind == SIGNAL_STATUS:
        return Event(KIND_ENDED) if _norm(status) in CANCELLED_STATUSES else None
    titled_season = season_from_title(related_title)
    if kind == SIGNAL_NEW_ENTRY:
        return continuation(related_title, related_format, state, numbered_only=True)
    if kind != SIGNAL_RELATION or _norm(relation) not in SEQUEL_RELATIONS:
        return None
    rel_status = _norm(related_status)
    if rel_status in FINISHED_STATUSES:
        return None
    if rel_status and rel_status not in UPCOMING_STATUSES:
        return None
    # No status from the provider (ANN, Jikan): a relation that appeared since we first looked,
    # or one whose title names a season beyond what we believe, is news; an old one is not.
    later_season = (titled_season is not None and state.season is not None
                    and titled_season > state.season)
    if not rel_status and not (newly_related or later_season):
        return None
    return continuation(related_title, related_format, state)


def continuation(related_title: str | None, related_format: str | None, state: State, *,
                 numbered_only: bool = False) -> Event:
    """Renewal or new project, by the related entry's format and title.

    A film is a new project; a numbered season is a renewal of that season; an unnumbered TV
    sequel is a renewal of the next season, except where an unnumbered entry means a new
    series (`numbered_only`: ANN files seasons as "(TV 2)", so its plain "(TV)" is another
    show); anything else (OVA, SPECIAL, ONA) is a new project.
    """
    fmt = _norm(related_format)
    base = fmt.split(" ")[0] if fmt else ""
    season = season_from_title(related_title)
    if base in FILM_FORMATS or "(MOVIE" in (related_title or "").upper():
        return Event(KIND_NEW_PROJECT)
    if season is not None:
        return Event(KIND_RENEWAL, season)
    series = fmt in SERIES_FORMATS or "(TV)" in (related_title or "").upper()
    if series and not numbered_only:
        return Event(KIND_RENEWAL, state.season + 1 if state.season is not None else None)
    return Event(KIND_NEW_PROJECT)


# --------------------------------------------------------------------------------------------
# Severity and belief
# --------------------------------------------------------------------------------------------


def severity_for(kind: str, reports: Iterable[Report]) -> str:
    """The severity the attached reports justify (see the module docstring)."""
    if kind == KIND_RUMOR:
        return "notice"
    if kind in (KIND_SOURCE_HEALTH, KIND_CHANNEL_HEALTH):
        return "warning"
    reports = list(reports)
    if any(r.structured or (r.trust in CONFIRMING_TRUST) for r in reports):
        return "critical"
    agreeing = {r.source_name for r in reports if r.independent}
    if len(agreeing) >= AGREEING_SOURCES_TO_CONFIRM:
        return "critical"
    return "warning"


def higher(a: str, b: str) -> bool:
    """Whether severity `a` is above severity `b`."""
    return SEVERITY_RANK.get(a, -1) > SEVERITY_RANK.get(b, -1)


def believed_after(event: Event, state: State) -> State:
    """What we believe once `event` is confirmed."""
    if event.kind == KIND_ENDED:
        return State("ended", state.season)
    if event.kind == KIND_RENEWAL:
        season = event.season
        if season is not None and state.season is not None:
            season = max(season, state.season)
        return State("ongoing", season if season is not None else state.season)
    if event.kind == KIND_NEW_PROJECT:
        return State("ongoing", state.season)
    return state


def headline_only(evidence: Iterable[object]) -> bool:
    """Whether every piece of evidence is from the headline (none from the article text)."""
    fields = [item.get("field") for item in evidence if isinstance(item, dict)]
    return bool(fields) and all(f == "headline" for f in fields)


def bounded_evidence(evidence: Iterable[object]) -> list[dict[str, object]]:
    """At most MAX_EVIDENCE_ITEMS evidence dicts, each text cut to MAX_EVIDENCE_CHARS."""
    out: list[dict[str, object]] = []
    for item in evidence:
        if not isinstance(item, dict):
            continue
        text = str(item.get("text", ""))[:MAX_EVIDENCE_CHARS]
        out.append({**{k: v for k, v in item.items() if k != "text"}, "text": text})
        if len(out) >= MAX_EVIDENCE_ITEMS:
            break
    return out
