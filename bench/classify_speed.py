"""Classifier and matcher speed on one core.

Times are CPU time of this process (time.process_time), so a busy machine does not
distort them much.

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
# Plain news prose without continuation cues (most of a real article).
PROSE = (
    "The story follows a young lighthouse keeper who discovers a map hidden in the walls.",
    "Director Aiko Tanabe previously worked on several sports series and a music video.",
    "The character designs are by a veteran animator known for expressive faces.",
    "Viewers praised the soundtrack, which mixes piano pieces with harbor field recordings.",
    "The opening sequence was storyboarded by the director herself over three months.",
    "In the latest arc, the crew sails north to find the missing cartographer.",
    "The studio is based in Tokyo and employs about eighty staff members.",
    "Several scenes were inspired by real coastal towns in the north of the country.",
    "The voice cast includes a number of newcomers alongside a few familiar names.",
    "Merchandise such as keychains and posters sold out at the recent convention.",
    "The original novel was written by a former sailor and ran for nine volumes.",
    "Critics compared the pacing to classic adventure films of the last century.",
)
TITLE = TitleSpec(key="glass-harbor", name="Glass Harbor", aliases=("グラスハーバー",))


def make_articles(n: int, size: int = 3000, seed: int = 7, cue_share: float = 1.0) -> list[str]:
    """Articles of ~size characters; cue_share of the sentences carry cues, the rest is prose."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(SENTENCES if rng.random() < cue_share else PROSE))
            if rng.random() < 0.2:
                parts.append("\n")
        out.append(" ".join(parts))
    return out


def bench_classify(articles: list[str]) -> float:
    baseline = Baseline(2, "unknown")
    classify(articles[0], TITLE, baseline)  # warm caches (translate table, automata)
    start = time.process_time()
    for text in articles:
        classify(text, TITLE, baseline, headline="Glass Harbor season 3 announced")
    return len(articles) / (time.process_time() - start)


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
    start = time.process_time()
    for norm in norms:
        matcher.find_normalized(norm)
    return (time.process_time() - start) / len(norms) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    for name, share in (("typical article (1 sentence in 4 carries a cue)", 0.25),
                        ("dense worst case (every sentence carries a cue)", 1.0)):
        articles = make_articles(args.articles, cue_share=share)
        mean = sum(len(a) for a in articles) / len(articles)
        rate = bench_classify(articles)
        print(f"classify, {name}: {rate:,.0f} articles/s on one core "
              f"(mean {mean:,.0f} chars; target >= 1,000)")
    articles = make_articles(args.articles)
    build = time.process_time()
    Matcher(watchlist(10_000))
    print(f"matcher build, 10,000 titles: {time.process_time() - build:.2f} s")
    one = bench_match(articles[:500], 1)
    many = bench_match(articles[:500], 10_000)
    print(f"match per article: 1 title {one:,.0f} µs, 10,000 titles {many:,.0f} µs "
          f"(ratio {many / one:.2f}; target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
