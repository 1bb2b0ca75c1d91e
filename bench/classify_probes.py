"""Pass rates of the classifier on the probe families (tests/classifier_probes.jsonl).

Each probe family is a set of variants of one failure pattern (different titles,
languages, registers, word orders), written for the project. A probe passes when its label
matches; the script prints the pass rate per family and every failing probe with the reason.

    python bench/classify_probes.py
    python bench/classify_probes.py --family seo_open
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROBES = REPO / "tests" / "classifier_probes.jsonl"

_SPEC = importlib.util.spec_from_file_location("classify_eval", REPO / "bench" / "classify_eval.py")
classify_eval = importlib.util.module_from_spec(_SPEC)
sys.modules.setdefault("classify_eval", classify_eval)
_SPEC.loader.exec_module(classify_eval)  # type: ignore[union-attr]


def family_of(record_id: str) -> str:
    """The family of a probe id ("seo_open/03" -> "seo_open")."""
    return record_id.split("/", 1)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=Path, default=PROBES)
    parser.add_argument("--family", help="only this family")
    args = parser.parse_args(argv)
    records = classify_eval.load(args.probes, "all") if args.probes.exists() else []
    by_family: dict[str, list] = defaultdict(list)
    for rec in records:
        if args.family and family_of(rec["id"]) != args.family:
            continue
        by_family[family_of(rec["id"])].append(classify_eval.run_case(rec))
    total = passed = 0
    for family, outcomes in by_family.items():
        ok = sum(o.gold == o.pred for o in outcomes)
        total += len(outcomes)
        passed += ok
        print(f"{family:<14} {ok:3d}/{len(outcomes):<3d}")
        for o in outcomes:
            if o.gold != o.pred:
                print(f"    {o.id} gold={o.gold} pred={o.pred} :: {o.reason[:120]}")
    print(f"{'all':<14} {passed:3d}/{total:<3d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
