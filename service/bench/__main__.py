"""``python -m service.bench ...``: the bench command without the CLI wrapper."""

from __future__ import annotations

import sys

from service.bench.command import main

raise SystemExit(main(sys.argv[1:]))
