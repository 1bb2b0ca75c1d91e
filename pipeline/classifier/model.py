"""The classifier's public value types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# The six labels, in the order reports list them.
LABELS = ("renewal", "new_project", "rumor", "ended", "mention", "unrelated")
# Bumped whenever rules or vocabularies change what a text is labelled; stored with results.
CLASSIFIER_VERSION = "rules-2026.11.4"
STATUSES = ("ended", "ongoing", "unknown")


@dataclass(frozen=True)
class Baseline:
    """What was known about the title before the article."""

    last_season: int | None
    status: str  # "ended" | "ongoing" | "unknown"

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"baseline status must be one of {STATUSES}, not {self.status!r}")
        if self.last_season is not None and self.last_season < 0:
            raise ValueError("baseline last_season must be >= 0")


@dataclass(frozen=True)
class Evidence:
    """A sentence that decided, with offsets into the text (or the headline)."""

    text: str
    start: int
    end: int
    field: str = "text"  # "text" | "headline"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "field": self.field}


@dataclass(frozen=True)
class Classification:
    """The judgement for one (article, title)."""

    label: str
    season: int | None
    confidence: float
    change: bool
    evidence: tuple[Evidence, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form."""
        return {
            "label": self.label,
            "season": self.season,
            "confidence": self.confidence,
            "change": self.change,
            "evidence": [e.to_dict() for e in self.evidence],
            "reason": self.reason,
        }


def is_change(label: str, baseline: Baseline) -> bool:
    """Whether a label changes what the watcher knows (an alert)."""
    if label in ("renewal", "new_project"):
        return True
    return label == "ended" and baseline.status == "ongoing"
