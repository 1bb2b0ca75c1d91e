"""Speed of article extraction on the saved real pages (../shared/realweb/generic).

    python bench/extract_speed.py [--rounds 5] [--all]   (--all adds the ANN/MAL pages)

Prints, per page and in total, ms/page for ``extract_article`` (trafilatura + metadata; also
with ``fast=True``) and for ``extract_text_fast`` (regex only, used by the batch classifier),
and pages/s for each.
Exits 1 when a rate is below its floor (set at about a third of what this 2-core machine does,
so only a real regression trips it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.extraction import extract_article, extract_text_fast

REALWEB = Path(__file__).resolve().parents[2] / "shared" / "realweb"
FLOOR_ARTICLE_PAGES_PER_S = 10.0
FLOOR_FAST_PAGES_PER_S = 150.0


def _median_ms(func: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--all", action="store_true", help="also the ANN and MAL pages")
    args = parser.parse_args()
    pages = sorted((REALWEB / "generic").glob("*/*.html"))
    if args.all:
        pages += sorted((REALWEB / "ann").glob("*.html")) + sorted((REALWEB / "mal").glob("*.html"))
    if not pages:
        print(f"no saved pages under {REALWEB}")
        return 2

    total_article = total_quick = total_fast = 0.0
    total_bytes = 0
    print(f"{'page':52} {'kB':>6} {'article ms':>11} {'fast=True':>10} {'text_fast':>10}")
    for path in pages:
        raw = path.read_bytes()
        html_text = raw.decode("utf-8", "replace")
        url = f"https://example.org/{path.stem}"
        article_ms = _median_ms(lambda raw=raw, url=url: extract_article(raw, url), args.rounds)
        quick_ms = _median_ms(lambda raw=raw, url=url: extract_article(raw, url, fast=True),
                              args.rounds)
        fast_ms = _median_ms(lambda html_text=html_text: extract_text_fast(html_text), args.rounds)
        total_article += article_ms
        total_quick += quick_ms
        total_fast += fast_ms
        total_bytes += len(raw)
        print(f"{path.name[:52]:52} {len(raw) / 1000:6.0f} {article_ms:11.1f} {quick_ms:10.1f}"
              f" {fast_ms:10.2f}")

    n = len(pages)
    article_rate, fast_rate = n / (total_article / 1000), n / (total_fast / 1000)
    print(f"\n{n} pages, {total_bytes / n / 1000:.0f} kB on average (median of {args.rounds} rounds)")
    print(f"extract_article:   {total_article / n:7.2f} ms/page  {article_rate:8.1f} pages/s"
          f"  (floor {FLOOR_ARTICLE_PAGES_PER_S})")
    print(f"  with fast=True:  {total_quick / n:7.2f} ms/page  {n / (total_quick / 1000):8.1f}"
          " pages/s")
    print(f"extract_text_fast: {total_fast / n:7.2f} ms/page  {fast_rate:8.1f} pages/s"
          f"  (floor {FLOOR_FAST_PAGES_PER_S})")
    ok = article_rate >= FLOOR_ARTICLE_PAGES_PER_S and fast_rate >= FLOOR_FAST_PAGES_PER_S
    print("ok" if ok else "BELOW FLOOR")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
