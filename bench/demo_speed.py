"""How long `renewal-watch demo` takes, end to end, as a user runs it.

Runs the demo a few times in a subprocess (fresh --out directory each time) and prints the
wall-clock times; exits 1 if any run exceeds the one-minute promise or fails.

    python bench/demo_speed.py            # 3 runs
    python bench/demo_speed.py --runs 5
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CEILING_SECONDS = 60.0  # the README promises the demo in under a minute on 2 cores


def one_run(out: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from renewal_watch.cli import main; main()",
                           "demo", "--out", str(out)], capture_output=True, text=True,
                          check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n", file=sys.stderr)
        raise SystemExit(f"demo failed with exit code {done.returncode}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.runs):
            times.append(one_run(Path(tmp) / f"run{n}"))
    print(f"cpus: {os.cpu_count()}  runs: {len(times)}")
    print("seconds: " + " ".join(f"{t:.1f}" for t in times))
    print(f"median {statistics.median(times):.1f} s, max {max(times):.1f} s "
          f"(ceiling {CEILING_SECONDS:.0f} s)")
    return 0 if max(times) < CEILING_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
