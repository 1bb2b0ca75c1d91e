"""Measure simhash distances to justify NEAR_DUPLICATE_DISTANCE in pipeline/fingerprint.py.

Three groups of pairs, built at run time (nothing is copied into the repository):

* near duplicates: every saved article page under ../shared/realweb/generic (extracted text)
  against a syndicated copy (other boilerplate lines around it) and a lightly edited copy (one
  sentence added, one word changed, one boilerplate line);
* same-news pairs: passages of ../shared/corpus/dev_cases.jsonl about the same title with the
  same label from different URLs (independently written reports of the same news);
* unrelated pairs: the saved article pages against each other.

    python bench/fingerprint_threshold.py [--threshold 12]

Prints the distance distribution of each group and the share on the right side of the
threshold; exits 1 when a near duplicate is missed or more than 10% of same-news pairs merge.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
from pathlib import Path

from pipeline.extraction import extract_article
from pipeline.fingerprint import NEAR_DUPLICATE_DISTANCE, hamming, simhash

SHARED = Path(__file__).resolve().parents[2] / "shared"
BOILERPLATE = [
    "This story originally appeared on a partner site.",
    "Follow us on social media for more anime news.",
    "Copyright 2025. All rights reserved.",
    "Sign up for our newsletter to get the latest stories.",
    "Advertisement",
    "Read more: the best anime of the season, ranked",
]
ADDED_SENTENCE = "The studio did not respond to a request for further comment on Friday."
MAX_SAME_NEWS_MERGED = 0.10
VARIANTS_PER_TEXT = 100


def syndicated(text: str, rng: random.Random) -> str:
    top, bottom = rng.sample(BOILERPLATE, 2)
    return f"{top}\n{text}\n{bottom}"


def edited(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    lines.insert(min(len(lines), 1 + rng.randrange(max(1, len(lines)))), ADDED_SENTENCE)
    words = " \n ".join(lines).split(" ")
    spot = rng.randrange(len(words))
    words[spot] = "reportedly"
    return " ".join(words).replace(" \n ", "\n") + "\n" + rng.choice(BOILERPLATE)


def describe(name: str, distances: list[int], threshold: int, merged_is_good: bool) -> float:
    merged = sum(d <= threshold for d in distances)
    share = merged / len(distances) if distances else float("nan")
    print(f"{name:28} n={len(distances):4}  min={min(distances):2}  "
          f"median={statistics.median(distances):4.1f}  max={max(distances):2}  "
          f"{'near-duplicate' if merged_is_good else 'wrongly merged'} at <= {threshold}: "
          f"{share:.0%}")
    return share


def page_texts() -> list[str]:
    texts = []
    for path in sorted((SHARED / "realweb" / "generic").glob("*/*.html")):
        article = extract_article(path.read_bytes(), f"https://example.org/{path.stem}")
        if len(article.text.split()) >= 150 or len(article.text) >= 300:
            texts.append(article.text)
    return texts


def same_news_pairs() -> list[tuple[str, str]]:
    path = SHARED / "corpus" / "dev_cases.jsonl"
    cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    groups: dict[tuple[str, str], list[dict]] = {}
    for case in cases:
        if case["label"] in ("renewal", "new_project", "ended"):
            groups.setdefault((case["title"], case["label"]), []).append(case)
    pairs = []
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            if a["url"] != b["url"] and a["text"] != b["text"]:
                pairs.append((a["text"], b["text"]))
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threshold", type=int, default=NEAR_DUPLICATE_DISTANCE)
    args = parser.parse_args()
    if not (SHARED / "realweb").exists() or not (SHARED / "corpus").exists():
        print(f"needs {SHARED}/realweb and {SHARED}/corpus")
        return 2
    rng = random.Random(1)
    texts = page_texts()
    variants = range(VARIANTS_PER_TEXT)
    syndicated_d = [hamming(simhash(t), simhash(syndicated(t, rng))) for t in texts for _ in variants]
    edited_d = [hamming(simhash(t), simhash(edited(t, rng))) for t in texts for _ in variants]
    same_news_d = [hamming(simhash(a), simhash(b)) for a, b in same_news_pairs()]
    unrelated_d = [hamming(simhash(a), simhash(b)) for a, b in itertools.combinations(texts, 2)]
    print(f"{len(texts)} saved article texts ({VARIANTS_PER_TEXT} copies of each); "
          f"threshold {args.threshold}")
    for text in texts:
        worst = max(hamming(simhash(text), simhash(edited(text, rng))) for _ in variants)
        print(f"  {len(text.split()):6} words: worst edited-copy distance {worst}")
    dup_shares = [describe("syndicated copy", syndicated_d, args.threshold, True),
                  describe("edited copy", edited_d, args.threshold, True)]
    same_news = describe("same news, other outlet", same_news_d, args.threshold, False)
    describe("unrelated articles", unrelated_d, args.threshold, False)
    print("same-news distance histogram:",
          " ".join(f"{d}:{same_news_d.count(d)}" for d in sorted(set(same_news_d))))
    failed = min(dup_shares) < 1.0 or same_news > MAX_SAME_NEWS_MERGED
    print("FAIL" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
