"""``python -m service.evaluation GOLD.jsonl ...``: the eval command before the CLI wiring."""

from __future__ import annotations

import sys

from service.evaluation.command import main

raise SystemExit(main(sys.argv[1:]))
