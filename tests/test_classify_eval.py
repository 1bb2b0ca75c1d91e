"""Quality floors of the classifier on the labelled corpora (bench/classify_eval.py).

The dev corpus lives in ../shared (skipped when absent); the project corpora are
tests/corpus/*.jsonl (cases.jsonl, and cases_round2/3.jsonl written blind). Floors sit a
little under the measured figures so that a change that degrades the classifier fails here;
raise them as it improves, never lower silently.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from tests.conftest import CORPUS, REPO

SPEC = importlib.util.spec_from_file_location("classify_eval", REPO / "bench" / "classify_eval.py")
classify_eval = importlib.util.module_from_spec(SPEC)
sys.modules["classify_eval"] = classify_eval
SPEC.loader.exec_module(classify_eval)

DEV = CORPUS / "dev_cases.jsonl"
PROJECT = REPO / "tests" / "corpus" / "cases.jsonl"
ROUND2 = REPO / "tests" / "corpus" / "cases_round2.jsonl"
ROUND3 = REPO / "tests" / "corpus" / "cases_round3.jsonl"


def _summary(path):
    outcomes = [classify_eval.run_case(rec) for rec in classify_eval.load(path, "all")]
    return classify_eval.summarize(outcomes)


@pytest.mark.parametrize(("path", "name"), [(DEV, "dev_cases.jsonl"), (PROJECT, "cases.jsonl"),
                                           (ROUND2, "cases_round2.jsonl"),
                                           (ROUND3, "cases_round3.jsonl")])
def test_floors(path, name):
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    summary = _summary(path)
    for key, floor in classify_eval.FLOORS[name].items():
        assert summary[key] >= floor, f"{name}: {key} {summary[key]:.3f} < floor {floor}"


def test_every_record_gets_a_valid_label():
    if not PROJECT.exists():
        pytest.skip("project corpus missing")
    records = [json.loads(line) for line in PROJECT.read_text(encoding="utf-8").splitlines() if line]
    outcomes = [classify_eval.run_case(rec) for rec in records[:60]]
    assert all(o.pred in classify_eval.LABELS for o in outcomes)


def test_naive_keyword_alert_is_worse_than_the_classifier():
    if not PROJECT.exists():
        pytest.skip("project corpus missing")
    summary = _summary(PROJECT)
    assert summary["alert_precision"] > summary["naive_alert_precision"]


def test_every_project_corpus_has_floors():
    names = {p.name for p in classify_eval.default_corpora()}
    assert {p.name for p in (REPO / "tests" / "corpus").glob("*.jsonl")} <= names
    assert names - {"dev_cases.jsonl"} <= set(classify_eval.FLOORS)
