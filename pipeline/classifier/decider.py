"""The learned decision layer: a small multinomial logistic regression over rule features.

The rules (:mod:`claims`, :mod:`decide`) turn an article into resolved claims and pick one
label. This layer reads a language-independent summary of that machinery (which claim
labels were found where, their flags, the season against the baseline, question, hedge,
negation and other-work cues, headline against body...) and scores the six labels with
weights trained offline (``bench/train_decider.py``, shipped as ``data/decider.json``).

It never invents evidence: it may only pick a label that some resolved claim supports (or
a plain mention), so the evidence and the reason still come from the rule features. How it
overrides the rules is set by the shipped ``policy`` ("off", "learned", or "hybrid": the
rules decide unless the model disagrees with at least ``threshold`` probability). Inference
is plain Python over a sparse feature dict.
"""

from __future__ import annotations

import json
import logging
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.classifier.decide import Resolved, best_claim
from pipeline.classifier.features import Field
from pipeline.classifier.model import LABELS, Baseline
from pipeline.classifier.result import estimated, rule_label
from pipeline.classifier.segment import Sentence

logger = logging.getLogger(__name__)

WEIGHTS = Path(__file__).resolve().parent / "data" / "decider.json"
# Cue concerns whose presence (in the analysed text, and in the headline) is a feature.
BODY_CONCERNS = (
    "hedge", "rumor", "speculative", "open", "conditional", "negation", "negation_both",
    "negation_post", "not_yet", "cancel", "no_more", "plans", "final", "final_decl", "conclude",
    "farewell", "relative", "film", "ova", "spinoff", "remake", "live_action", "disambig",
    "rebroadcast", "home_video", "dub", "other_media", "compilation", "anime", "background",
    "release", "release_date", "confirm", "renew", "return", "derived", "rumor_resolved",
    "not_a", "future", "adapt", "arc", "double_negation", "contrast",
)
HEAD_CONCERNS = (
    "hedge", "rumor", "speculative", "open", "confirm", "renew", "return", "release",
    "release_date", "cancel", "no_more", "final", "conclude", "farewell", "film", "ova",
    "spinoff", "remake", "live_action", "negation", "relative",
)
# Flags of the strongest claim of each label that the model sees.
CLAIM_FLAGS = ("open", "denied", "official", "weak", "declared", "promo", "sequel", "listed")
# The labels a resolved claim can support (target is a weak rumour; live means unrelated).
SUPPORTS = {"renewal": "renewal", "new_project": "new_project", "ended": "ended",
            "rumor": "rumor", "target": "rumor", "live": "unrelated", "mention": "mention",
            "affirm": "mention"}


@dataclass(frozen=True)
class Article:
    """What the rules saw, for the features."""

    rule_label: str
    source: str
    chosen: Resolved | None
    resolved: list[Resolved]
    body_concerns: frozenset[str]
    head_concerns: frozenset[str]
    last_season: int | None
    status: str
    headline_names: bool
    headline_question: bool
    chosen_question: bool
    body_mentions: int
    about_sentences: int
    estimated: bool


def features(art: Article) -> dict[str, float]:
    """The sparse feature vector of an article (names -> values)."""
    f: dict[str, float] = {"bias": 1.0, f"rule={art.rule_label}": 1.0, f"src={art.source}": 1.0,
                           f"status={art.status}": 1.0}
    if art.last_season is None:
        f["last=none"] = 1.0
    last = art.last_season if art.last_season is not None else 1
    counts: dict[str, int] = {}
    for r in art.resolved:
        f[f"has:{r.label}:t{r.tier}"] = 1.0
        counts[r.label] = counts.get(r.label, 0) + 1
        if r.label in ("renewal", "new_project", "ended", "rumor"):
            c = r.claim
            f[f"{r.label}:kind={c.kind}"] = 1.0
            if c.subkind:
                f[f"{r.label}:sub={c.subkind}"] = 1.0
            for flag, on in (("strong", c.strong), ("confirmed", c.confirmed),
                             ("parts", c.parts), ("project", c.project)):
                if on:
                    f[f"{r.label}:{flag}"] = 1.0
            for flag in CLAIM_FLAGS:
                if c.extra.get(flag):
                    f[f"{r.label}:{flag}"] = 1.0
            if r.season is not None:
                f[f"{r.label}:delta={max(-2, min(3, r.season - last))}"] = 1.0
    for label, n in counts.items():
        f[f"n:{label}"] = math.log1p(n)
    chosen = art.chosen
    if chosen is not None:
        f[f"chosen_tier={chosen.tier}"] = 1.0
        if chosen.season is None:
            f["chosen_season=none"] = 1.0
        else:
            f[f"chosen_delta={max(-2, min(3, chosen.season - last))}"] = 1.0
    for c in art.body_concerns:
        f[f"c:{c}"] = 1.0
    for c in art.head_concerns:
        f[f"h:{c}"] = 1.0
    for name, on in (("headline_names", art.headline_names),
                     ("headline_question", art.headline_question),
                     ("chosen_question", art.chosen_question), ("estimated", art.estimated),
                     ("body_names", art.body_mentions > 0)):
        if on:
            f[name] = 1.0
    f["about_sentences"] = math.log1p(art.about_sentences) / 3
    return f


def candidates(resolved: list[Resolved], rule_label: str) -> set[str]:
    """Labels the evidence can support: those of some resolved claim, a plain mention, and
    the rules' own label."""
    return {SUPPORTS[r.label] for r in resolved if r.label in SUPPORTS} | {"mention", rule_label}


@dataclass(frozen=True)
class Model:
    """Shipped weights: per-label coefficients over named features, and the policy."""

    labels: tuple[str, ...]
    coef: dict[str, tuple[float, ...]]
    intercept: tuple[float, ...]
    policy: str
    threshold: float

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        """Softmax over the labels."""
        scores = list(self.intercept)
        for name, value in feats.items():
            weights = self.coef.get(name)
            if weights is not None:
                for i, w in enumerate(weights):
                    scores[i] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}


@cache
def load_model(path: Path = WEIGHTS) -> Model | None:
    """The shipped model, or None (rules alone) when it is absent or unreadable."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        labels = tuple(raw["labels"])
        if set(labels) != set(LABELS):
            raise ValueError(f"labels {labels}")
        coef = {name: tuple(float(w) for w in ws) for name, ws in raw["coef"].items()}
        return Model(labels, coef, tuple(float(b) for b in raw["intercept"]),
                     str(raw.get("policy", "off")), float(raw.get("threshold", 1.0)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        logger.warning("decision layer not loaded (%s): rules alone", exc)
        return None


def arbitrate(model: Model, art: Article, policy: str | None = None) -> tuple[str, float]:
    """The label the layer picks among the supported candidates, and its probability."""
    probs = model.probabilities(features(art))
    allowed = candidates(art.resolved, art.rule_label)
    best = max(allowed, key=lambda label: probs[label])
    policy = policy or model.policy
    if policy == "learned":
        return best, probs[best]
    if policy == "hybrid" and best != art.rule_label and probs[best] >= model.threshold:
        return best, probs[best]
    return art.rule_label, probs[art.rule_label]


def article(chosen: Resolved | None, source: str, resolved: list[Resolved],
             sentences: list[Sentence], body: Field, head: Field | None,
             baseline: Baseline) -> Article:
    """What the rules saw, for the decision layer."""
    head_sent = sentences[-1] if sentences and sentences[-1].field == "headline" else None
    chosen_q = chosen is not None and chosen.claim.sentence < len(sentences) and sentences[
        chosen.claim.sentence].question
    body_sents = [s for s in sentences if s.field == "text"]
    return Article(
        rule_label=rule_label(chosen, source, resolved), source=source, chosen=chosen,
        resolved=resolved, body_concerns=frozenset(h.concern for h in body.hits),
        head_concerns=frozenset(h.concern for h in head.hits) if head else frozenset(),
        last_season=baseline.last_season, status=baseline.status,
        headline_names=bool(head and head.spans),
        headline_question=bool(head_sent and head_sent.question), chosen_question=chosen_q,
        body_mentions=sum(1 for s in body_sents if s.mention),
        about_sentences=sum(1 for s in body_sents if s.tier == 1),
        estimated=estimated(body, head, body_sents))


def override(label: str, resolved: list[Resolved], rule: str
              ) -> tuple[Resolved | None, str, list[Resolved]]:
    """The claim that supports the decision layer's label (it only picks supported ones)."""
    note = f" (decision layer, rules said {rule})"
    if label == "unrelated":
        return None, "live", resolved
    resolved = [r for r in resolved if r.label != "live"]
    wanted = {"rumor": ("rumor", "target"), "mention": ("mention", "affirm")}.get(label, (label,))
    best = best_claim([r for r in resolved if r.label in wanted])
    if best is None:
        return None, "body", resolved
    chosen = Resolved(label if label != "mention" else best.label, best.season, best.claim,
                      best.tier, best.note + note)
    return chosen, ("headline" if best.tier == 3 else "body"), resolved
