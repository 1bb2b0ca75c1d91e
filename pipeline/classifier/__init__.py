"""Classify what an article says about a watched title's continuation.

``classify(text, title, baseline, headline=...)`` returns one of :data:`LABELS` with the
season, a confidence, whether it is a change for the watcher, the sentences that decided
(with offsets) and a one-line reason. Rules and multilingual vocabularies, with an optional
learned decision layer over the rules' own features (:mod:`pipeline.classifier.decider`,
plain-Python inference of shipped weights, off unless it beats the rules): runs offline, on
CPU, explainable through its evidence. See :mod:`pipeline.classifier.core`.
"""

from __future__ import annotations

from pipeline.classifier.core import classify
from pipeline.classifier.model import (
    CLASSIFIER_VERSION,
    LABELS,
    Baseline,
    Classification,
    Evidence,
    is_change,
)

__all__ = ["CLASSIFIER_VERSION", "LABELS", "Baseline", "Classification", "Evidence", "classify",
           "is_change"]
