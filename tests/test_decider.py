"""pipeline.classifier.decider: the learned decision layer's plain-Python inference."""

from __future__ import annotations

import json
import math

import pytest

from pipeline.classifier import Baseline
from pipeline.classifier.core import analyse
from pipeline.classifier.decider import (
    WEIGHTS,
    Model,
    arbitrate,
    candidates,
    features,
    load_model,
)
from pipeline.classifier.model import LABELS
from pipeline.matching import TitleSpec

GLASS = TitleSpec(key="glass-harbor", name="Glass Harbor")
RUMOR_TEXT = "An insider claims Glass Harbor season 2 could be in production, but nothing is official."


def _model(coef: dict[str, list[float]], policy: str = "learned", threshold: float = 0.5) -> Model:
    return Model(LABELS, {k: tuple(v) for k, v in coef.items()}, (0.0,) * len(LABELS), policy,
                 threshold)


UNKNOWN_1 = Baseline(1, "unknown")


def _article(text: str = RUMOR_TEXT):
    result, art = analyse(text, GLASS, UNKNOWN_1, policy="off")
    assert art is not None
    return result, art


def test_the_shipped_weights_load_and_name_every_label():
    model = load_model()
    assert model is not None, f"missing or unreadable {WEIGHTS}"
    assert set(model.labels) == set(LABELS)
    assert model.policy in ("off", "learned", "hybrid")
    assert all(len(w) == len(LABELS) for w in model.coef.values())


def test_missing_or_broken_weights_mean_rules_alone(tmp_path):
    assert load_model(tmp_path / "absent.json") is None
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"labels": ["renewal"], "coef": {}, "intercept": [0]}))
    assert load_model(bad) is None


def test_probabilities_are_a_softmax_of_the_weighted_features():
    model = _model({"a": [1, 0, 0, 0, 0, 0], "b": [0, 2, 0, 0, 0, 0]})
    probs = model.probabilities({"a": 1.0, "b": 0.5, "unknown": 9.0})
    assert math.isclose(sum(probs.values()), 1.0)
    expected = math.exp(1) / (math.exp(1) + math.exp(1) + 4)
    assert math.isclose(probs["renewal"], expected)
    assert math.isclose(probs["renewal"], probs["new_project"])


def test_features_are_language_independent_summaries_of_the_rules():
    _result, art = _article()
    feats = features(art)
    assert feats[f"rule={art.rule_label}"] == 1.0
    assert "c:rumor" in feats and "c:hedge" in feats
    assert not any(name.startswith(("lang", "word")) for name in feats)


def test_the_layer_only_picks_labels_the_evidence_supports():
    result, art = _article()
    assert result.label == "rumor"
    allowed = candidates(art.resolved, art.rule_label)
    assert "rumor" in allowed and "mention" in allowed
    assert "new_project" not in allowed
    # a model that loves new_project cannot pick it: no claim supports it
    model = _model({"bias": [0, 9, 0, 0, 0, 0]})
    label, _p = arbitrate(model, art)
    assert label in allowed


@pytest.mark.parametrize(("threshold", "expected"), [(0.5, "mention"), (0.99, "rumor")])
def test_hybrid_overrides_the_rules_only_above_its_threshold(threshold, expected):
    _result, art = _article()
    model = _model({"bias": [0, 0, 0, 0, 3, 0]}, policy="hybrid", threshold=threshold)
    label, _p = arbitrate(model, art)
    assert label == expected


def test_an_override_keeps_evidence_from_the_text_and_says_so(monkeypatch):
    import pipeline.classifier.core as core

    model = _model({"bias": [0, 0, 0, 0, 5, 0]}, policy="learned")
    monkeypatch.setattr(core, "load_model", lambda: model)
    result, _art = analyse(RUMOR_TEXT, GLASS, UNKNOWN_1)
    assert result.label == "mention"
    assert "decision layer" in result.reason
    assert result.evidence and RUMOR_TEXT.startswith(result.evidence[0].text[:20])
    assert result.change is False
