"""Classifier and matcher speed on one core.

Prints articles/s for ~3 kB articles (target >= 1,000/s) and the time to match an article
against a 1-title and a 10,000-title watchlist (target: the large one within 2x).

    python bench/classify_speed.py [--articles 2000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.classifier import Baseline, classify  # noqa: E402
from pipeline.matching import Matcher, TitleSpec, normalize  # noqa: E402

# Sentences written for this benchmark; articles are shuffled mixes of them (~3 kB).
SENTENCES = (
    "Netflix has officially announced that Glass Harbor will return for a third season next year.",
    "The studio behind the anime shared a teaser visual and a short trailer on social media.",
    "Fans have been waiting since the second season wrapped up its story arc in the spring.",
    "According to the producers, the new episodes will adapt the final volumes of the manga.",
    "No release date has been announced yet, but the staff said more news would follow soon.",
    "The cast members thanked viewers during a livestream and teased the next chapter.",
    "Critics praised the animation, the music and the direction of the previous episodes.",
    "Elsewhere, a different show was renewed for another season by its streaming service.",
    "『グラスハーバー』第3期の制作が決定し、ティザービジュアルが公開された。",
    "La terza stagione di Glass Harbor è stata annunciata ufficialmente dallo studio.",
    "Die Serie kehrt im Herbst mit neuen Folgen zurück, wie der Streamingdienst bestätigte.",
    "La nueva temporada llegará a Netflix con doce episodios, según el comunicado oficial.",
)
TITLE = TitleSpec(key="glass-harbor", name="Glass Harbor", aliases=("グラスハーバー",))


def make_articles(n: int, size: int = 3000, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(SENTENCES))
            if rng.random() < 0.2:
                parts.append("\n")
        out.append(" ".join(parts))
    return out


def bench_classify(articles: list[str]) -> float:
    baseline = Baseline(2, "unknown")
    classify(articles[0], TITLE, baseline)  # warm caches (translate table, automata)
    start = time.perf_counter()
    for text in articles:
        classify(text, TITLE, baseline, headline="Glass Harbor season 3 announced")
    return len(articles) / (time.perf_counter() - start)


def watchlist(n: int, seed: int = 11) -> list[TitleSpec]:
    rng = random.Random(seed)
    syll = ["ka", "ro", "mi", "zen", "tor", "val", "shi", "ne", "gar", "lu", "pex", "dra"]
    titles = [TITLE]
    for i in range(n - 1):
        name = " ".join("".join(rng.choice(syll) for _ in range(3)).title() for _ in range(2))
        titles.append(TitleSpec(key=f"t{i}", name=f"{name} {i}", aliases=(f"{name.upper()} {i}",)))
    return titles


def bench_match(articles: list[str], size: int) -> float:
    matcher = Matcher(watchlist(size))
    norms = [normalize(a) for a in articles]
    start = time.perf_counter()
    for norm in norms:
        matcher.find_normalized(norm)
    return (time.perf_counter() - start) / len(norms) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    articles = make_articles(args.articles)
    mean = sum(len(a) for a in articles) / len(articles)
    rate = bench_classify(articles)
    print(f"classify: {rate:,.0f} articles/s on one core (mean {mean:,.0f} chars; target >= 1,000)")
    build = time.perf_counter()
    Matcher(watchlist(10_000))
    print(f"matcher build, 10,000 titles: {time.perf_counter() - build:.2f} s")
    one = bench_match(articles[:500], 1)
    many = bench_match(articles[:500], 10_000)
    print(f"match per article: 1 title {one:,.0f} µs, 10,000 titles {many:,.0f} µs "
          f"(ratio {many / one:.2f}; target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
