#!/usr/bin/env bash
# Regenerate the single initial migration from renewal_watch/models.py.
# Only valid before the first release (nobody has a database at 0001 yet).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f renewal_watch/migrations/versions/0001_initial.py
python - "$tmp/empty.sqlite3" <<'PY'
import sys
from alembic import command
from renewal_watch.db import alembic_config, make_engine
engine = make_engine(sys.argv[1])
cfg = alembic_config(engine)
command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001",
                 version_path=None)
PY
f=$(ls renewal_watch/migrations/versions/0001_*.py)
mv "$f" renewal_watch/migrations/versions/0001_initial.py
ruff check -q --fix renewal_watch/migrations/versions/0001_initial.py >/dev/null 2>&1 || true
ruff format -q renewal_watch/migrations/versions/0001_initial.py 2>/dev/null || true
echo "regenerated renewal_watch/migrations/versions/0001_initial.py"
