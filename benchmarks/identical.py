"""Check that the speed machinery never changes a finding, on a real corpus. Prints figures.

    python benchmarks/identical.py [FOLDER] [--skip-unfiltered]

Runs the engine over FOLDER (default: bench-corpus/subset) in several ways and compares
every finding (file, span, rule, suggestion):

- prefilter on, 1 job, no cache: the reference;
- prefilter off (every sentence parsed): the prefilter only skips what no rule can match;
- 2 jobs (worker processes, whatever the size of the run);
- cache cold, then warm.

The tests prove the same on rule examples and small files; this runs it on thousands of
sentences of other people's prose. Parsing everything is slow: ~30 s per MB here.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _findings(folder: Path, **options: object) -> tuple[list[tuple[object, ...]], float]:
    from yeslint.engine import Linter
    from yeslint.rulepack import load_ruleset

    started = time.perf_counter()
    linter = Linter(load_ruleset(), **options)  # type: ignore[arg-type]
    rows = [
        (f.path, f.span.start, f.span.end, f.rule_id, f.suggestion)
        for report in linter.lint_paths([folder])
        for f in report.findings
    ]
    return rows, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "bench-corpus" / "subset")
    parser.add_argument("--skip-unfiltered", action="store_true", help="Do not parse every sentence.")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"identical: no folder {args.folder} (see benchmarks/speed.py --help)", file=sys.stderr)
        return 2
    os.environ["YESLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="yeslint-identical-")
    import yeslint.engine

    yeslint.engine.PARALLEL_MIN_BYTES = 0  # make the 2-job run use workers even on a small folder
    reference, seconds = _findings(args.folder, use_cache=False, jobs=1)
    print(f"reference (prefilter, 1 job, no cache): {len(reference)} findings in {seconds:.1f} s")
    variants: list[tuple[str, dict[str, object]]] = [
        ("2 jobs", {"use_cache": False, "jobs": 2}),
        ("cache cold", {"use_cache": True, "jobs": 1}),
        ("cache warm", {"use_cache": True, "jobs": 1}),
    ]
    if not args.skip_unfiltered:
        variants.insert(0, ("no prefilter", {"use_cache": False, "jobs": 1, "use_prefilter": False}))
    failures = 0
    for label, options in variants:
        rows, seconds = _findings(args.folder, **options)
        same = rows == reference
        failures += not same
        verdict = "identical" if same else "DIFFERENT"
        print(f"{label:<14} {len(rows):>6} findings  {seconds:6.1f} s  {verdict}")
        if not same:
            for row in sorted(set(rows) ^ set(reference))[:10]:
                print(f"    {'only here' if row in rows else 'only in reference'}: {row}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
