"""Train the learned decision layer and compare it with the rules, leaving one corpus out.

The rules run over every case of the four labelled corpora (../shared dev set and
tests/corpus/*.jsonl) with the decision layer off; each case gives the rule label and the
feature vector of :mod:`pipeline.classifier.decider`. A multinomial logistic regression
(scikit-learn, this script only) is trained on three corpora and tested on the fourth, for
all four rotations, and compared with the rules on the same cases:

* ``rules``   the hand-written decision alone;
* ``learned`` the model's most probable label among those the evidence supports;
* ``hybrid@t`` the rules, unless the model disagrees with probability >= t;
* ``claims-only`` a model that does not see the rules' final label (``rule=``, ``src=``,
  ``chosen...`` features): how much of the decision the claims alone carry.

Then it trains on all four corpora and writes ``pipeline/classifier/data/decider.json``
with the policy that won on the rotations (mean macro-F1 up by at least MIN_GAIN, no
held-out corpus worse, alert precision and recall no worse than the rules'), or policy
"off" when none did. The runtime reads the
JSON in plain Python.

    python bench/train_decider.py             # table, then write the weights
    python bench/train_decider.py --no-write  # table only
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.classifier.core import analyse  # noqa: E402
from pipeline.classifier.decider import WEIGHTS, candidates, features  # noqa: E402
from pipeline.classifier.model import LABELS, Baseline, is_change  # noqa: E402
from pipeline.matching import TitleSpec  # noqa: E402

SHARED = REPO.parent / "shared"
CORPORA = [SHARED / "corpus" / "dev_cases.jsonl", *sorted((REPO / "tests" / "corpus").glob("*.jsonl"))]
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9)
# Features that carry the rules' own decision (left out of the claims-only model).
RULE_DECISION = ("rule=", "src=", "chosen")
# A policy wins only by this much mean held-out macro-F1 (about one case per corpus), and
# without losing more than NOISE on any held-out corpus: one case either way is noise.
MIN_GAIN = 0.005
NOISE = 0.002
C_GRID = (0.1, 0.3, 1.0)


@dataclass
class Row:
    """One case as the rules saw it."""

    id: str
    gold: str
    baseline: Baseline
    rule: str
    rule_change: bool
    feats: dict[str, float] | None   # None: decided by the title match alone
    allowed: set[str]


def collect(path: Path) -> list[Row]:
    """Run the rules (decision layer off) over a corpus."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        title = TitleSpec(key=re.sub(r"[^a-z0-9]+", "-", rec["title"].lower()) or "t",
                          name=rec["title"], aliases=tuple(rec.get("aliases") or ()))
        base = rec.get("baseline") or {}
        baseline = Baseline(base.get("last_season"), base.get("status") or "unknown")
        result, art = analyse(rec.get("text") or "", title, baseline, headline=rec.get("headline"),
                              assume_title=True, policy="off")
        rows.append(Row(rec["id"], rec["label"], baseline, result.label, result.change,
                        features(art) if art else None,
                        candidates(art.resolved, art.rule_label) if art else {result.label}))
    return rows


def fit(rows: list[Row], c: float, balanced: bool) -> tuple[DictVectorizer, LogisticRegression]:
    train = [r for r in rows if r.feats is not None]
    vec = DictVectorizer()
    x = vec.fit_transform([r.feats for r in train])
    y = [r.gold for r in train]
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced" if balanced else None)
    model.fit(x, y)
    return vec, model


def predict(rows: list[Row], vec: DictVectorizer, model: LogisticRegression,
            policy: str, threshold: float = 1.0) -> list[tuple[str, bool]]:
    """(label, alert) per row under a policy."""
    out = []
    with_feats = [r for r in rows if r.feats is not None]
    probs = model.predict_proba(vec.transform([r.feats for r in with_feats])) if with_feats else []
    classes = list(model.classes_)
    by_id = {r.id: p for r, p in zip(with_feats, probs, strict=True)}
    for r in rows:
        if r.feats is None or policy == "rules":
            out.append((r.rule, r.rule_change))
            continue
        p = by_id[r.id]
        prob = {label: (p[classes.index(label)] if label in classes else 0.0) for label in LABELS}
        best = max(r.allowed, key=lambda label: prob[label])
        label = best if policy == "learned" or (best != r.rule and prob[best] >= threshold) \
            else r.rule
        change = r.rule_change if label == r.rule else is_change(label, r.baseline)
        out.append((label, change))
    return out


def scores(rows: list[Row], preds: list[tuple[str, bool]]) -> dict[str, float]:
    f1s = []
    for label in LABELS:
        tp = sum(1 for r, (p, _a) in zip(rows, preds, strict=True) if r.gold == label == p)
        fp = sum(1 for r, (p, _a) in zip(rows, preds, strict=True) if r.gold != label == p)
        fn = sum(1 for r, (p, _a) in zip(rows, preds, strict=True) if r.gold == label != p)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    gold_alert = [r.gold in ("renewal", "new_project") or (
        r.gold == "ended" and r.baseline.status == "ongoing") for r in rows]
    tp = sum(1 for g, (_p, a) in zip(gold_alert, preds, strict=True) if g and a)
    fp = sum(1 for g, (_p, a) in zip(gold_alert, preds, strict=True) if a and not g)
    fn = sum(1 for g, (_p, a) in zip(gold_alert, preds, strict=True) if g and not a)
    return {"f1": sum(f1s) / len(f1s), "p": tp / (tp + fp) if tp + fp else 0.0,
            "r": tp / (tp + fn) if tp + fn else 0.0}


def claims_only(rows: list[Row]) -> list[Row]:
    """The rows without the features that carry the rules' final decision."""
    return [Row(r.id, r.gold, r.baseline, r.rule, r.rule_change,
                None if r.feats is None else {
                    k: v for k, v in r.feats.items() if not k.startswith(RULE_DECISION)},
                r.allowed) for r in rows]


def loco(data: dict[str, list[Row]], c: float, balanced: bool) -> dict[str, dict[str, dict]]:
    """policy -> held-out corpus -> scores."""
    table: dict[str, dict[str, dict]] = {}
    policies = [("rules", 1.0), ("learned", 1.0), *((f"hybrid@{t}", t) for t in THRESHOLDS)]
    for held in data:
        train = [r for name, rows in data.items() if name != held for r in rows]
        vec, model = fit(train, c, balanced)
        for name, threshold in policies:
            kind = name.split("@")[0]
            preds = predict(data[held], vec, model, kind, threshold)
            table.setdefault(name, {})[held] = scores(data[held], preds)
        vec, model = fit(claims_only(train), c, balanced)
        test = claims_only(data[held])
        table.setdefault("claims-only", {})[held] = scores(test, predict(test, vec, model,
                                                                          "learned"))
    return table


def mean(cells: dict[str, dict]) -> dict[str, float]:
    return {k: sum(c[k] for c in cells.values()) / len(cells) for k in ("f1", "p", "r")}


def print_table(table: dict[str, dict[str, dict]], names: list[str]) -> None:
    print(f"{'policy':<12}" + "".join(f"{n[:16]:>24}" for n in names) + f"{'mean':>24}")
    for policy, cells in table.items():
        row = "".join(f"   {cells[n]['f1']:.3f}/{cells[n]['p']:.3f}/{cells[n]['r']:.3f}"
                      for n in names)
        m = mean(cells)
        print(f"{policy:<12}{row}   {m['f1']:.3f}/{m['p']:.3f}/{m['r']:.3f}")


def export(vec: DictVectorizer, model: LogisticRegression, policy: str, threshold: float,
           note: str) -> dict:
    classes = list(model.classes_)
    coef = np.zeros((len(LABELS), len(vec.feature_names_)))
    intercept = np.zeros(len(LABELS))
    for i, label in enumerate(LABELS):
        if label in classes:
            coef[i] = model.coef_[classes.index(label)]
            intercept[i] = model.intercept_[classes.index(label)]
        else:
            intercept[i] = -20.0  # never seen: never predicted
    weights = {name: [round(float(w), 4) for w in coef[:, j]]
               for j, name in enumerate(vec.feature_names_) if np.abs(coef[:, j]).max() >= 1e-4}
    return {"version": 1, "note": note, "policy": policy, "threshold": threshold,
            "labels": list(LABELS), "intercept": [round(float(b), 4) for b in intercept],
            "coef": dict(sorted(weights.items()))}


def dump(weights: dict) -> str:
    """JSON with one feature per line (readable diffs when the weights are retrained)."""
    head = {k: v for k, v in weights.items() if k != "coef"}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "coef": {']
    items = list(weights["coef"].items())
    lines += [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}"
              + ("," if i < len(items) - 1 else "") for i, (k, v) in enumerate(items)]
    return "\n".join([*lines, "}}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    data = {p.name: collect(p) for p in CORPORA if p.exists()}
    names = list(data)
    print(f"cases: {', '.join(f'{n} {len(r)}' for n, r in data.items())}")
    print("cells: macro-F1/alert precision/alert recall on the held-out corpus")
    best: tuple[float, str, float, float, bool] | None = None
    for balanced in (False, True):
        for c in C_GRID:
            table = loco(data, c, balanced)
            print(f"\n-- logistic regression C={c} class_weight={'balanced' if balanced else 'none'}")
            print_table(table, names)
            rules = mean(table["rules"])
            for policy, cells in table.items():
                m = mean(cells)
                if policy in ("rules", "claims-only") or m["p"] < rules["p"] or m["r"] < rules["r"] or any(
                        cells[n]["f1"] < table["rules"][n]["f1"] - NOISE for n in names):
                    continue
                if m["f1"] >= rules["f1"] + MIN_GAIN and (best is None or m["f1"] > best[0]):
                    threshold = float(policy.split("@")[1]) if "@" in policy else 1.0
                    best = (m["f1"], policy.split("@")[0], threshold, c, balanced)
    if best is None:
        print("\nno policy beats the rules on the rotations: policy off")
        policy, threshold, c, balanced = "off", 1.0, 1.0, False
    else:
        _f1, policy, threshold, c, balanced = best
        print(f"\nbest: {policy} threshold {threshold} C={c} balanced={balanced} "
              f"(mean held-out macro-F1 {best[0]:.3f})")
    if args.no_write:
        return 0
    vec, model = fit([r for rows in data.values() for r in rows], c, balanced)
    note = (f"trained on {', '.join(names)} ({sum(len(r) for r in data.values())} cases); "
            f"C={c}, class_weight={'balanced' if balanced else 'none'}")
    WEIGHTS.write_text(dump(export(vec, model, policy, threshold, note)), encoding="utf-8")
    print(f"wrote {WEIGHTS} (policy {policy})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
