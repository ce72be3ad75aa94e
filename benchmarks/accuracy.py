"""Score yeslint's judgement on a labelled TSV (GUIDELINES.md format). Prints figures; not a test.

    python benchmarks/accuracy.py [TSV] [--show N] [--family NAME]

Each sentence is checked alone, as plain text, as a customer would read it on a sign.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from yeslint.engine import Linter
from yeslint.load import load_text
from yeslint.model import FAMILIES, Finding
from yeslint.rulepack import load_ruleset

DEFAULT_TSV = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "sentences.tsv"


@dataclass(frozen=True)
class Row:
    label: str
    family: str
    text: str
    source: str


def read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"label", "text"} - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(
                f"{path}: the header row needs columns label and text (missing: {', '.join(sorted(missing))})"
            )
        return [
            Row(
                (r["label"] or "").strip(),
                (r.get("family") or "").strip(),
                r["text"] or "",
                r.get("source") or "",
            )
            for r in reader
            if (r["text"] or "").strip()
        ]


def lint_rows(rows: list[Row]) -> list[Finding | None]:
    """The first finding of each sentence (what a reader sees first), or None."""
    linter = Linter(load_ruleset())
    results: list[Finding | None] = []
    for row in rows:
        report = linter.lint_source(load_text(row.text))
        results.append(report.findings[0] if report.findings else None)
    return results


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a"


def report(rows: list[Row], results: list[Finding | None], show: int, seed: int) -> None:
    flagged = [(row, f) for row, f in zip(rows, results, strict=True) if f is not None]
    true_pos = sum(1 for row, _ in flagged if row.label == "flag")
    flags = sum(1 for row in rows if row.label == "flag")
    precision = true_pos / len(flagged) if flagged else 0.0
    recall = true_pos / flags if flags else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"sentences: {len(rows)}  flag: {flags}  reported: {len(flagged)}")
    print(f"precision: {_ratio(true_pos, len(flagged))}")
    print(f"recall:    {_ratio(true_pos, flags)}")
    print(f"F1:        {f1:.3f}")
    for label in ("legit", "pass", "neutral"):
        total = sum(1 for row in rows if row.label == label)
        alarms = sum(1 for row, _ in flagged if row.label == label)
        print(f"false alarms on {label:<8} {_ratio(alarms, total)}")
    print("recall per family:")
    by_family: dict[str, list[bool]] = defaultdict(list)
    for row, finding in zip(rows, results, strict=True):
        if row.label == "flag":
            by_family[row.family].append(finding is not None)
    for family in FAMILIES:
        hits = by_family.get(family, [])
        print(f"  {family:<14} {_ratio(sum(hits), len(hits))}")
    same = sum(1 for row, f in flagged if row.label == "flag" and f.family == row.family)
    print(f"family matches label: {_ratio(same, true_pos)}")
    with_suggestion = sum(1 for row, f in flagged if row.label == "flag" and f.suggestion)
    print(f"hits with a suggestion: {_ratio(with_suggestion, true_pos)}")
    rules = Counter(f.rule_id for _, f in flagged)
    print("hits per rule: " + ", ".join(f"{k} {v}" for k, v in sorted(rules.items())))
    if show:
        rng = random.Random(seed)
        misses = [row for row, f in zip(rows, results, strict=True) if row.label == "flag" and f is None]
        alarms = [(row, f) for row, f in flagged if row.label != "flag"]
        print(f"\nmisses ({len(misses)}), showing up to {show}:")
        for row in rng.sample(misses, min(show, len(misses))):
            print(f"  [{row.family}] {row.text}")
        print(f"\nfalse alarms ({len(alarms)}), showing up to {show}:")
        for row, f in rng.sample(alarms, min(show, len(alarms))):
            print(f"  [{row.label} <- {f.rule_id}] {row.text}")
        wrong = [(row, f) for row, f in flagged if row.label == "flag" and f.family != row.family]
        print(f"\nfamily mismatches ({len(wrong)}), showing up to {show}:")
        for row, f in rng.sample(wrong, min(show, len(wrong))):
            print(f"  [{row.family} <- {f.rule_id} {f.family}] {row.text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("tsv", nargs="?", type=Path, default=DEFAULT_TSV, help="labelled sentences")
    parser.add_argument("--show", type=int, default=0, help="print up to N misses and false alarms")
    parser.add_argument("--family", help="only rows labelled with this family (plus all non-flag rows)")
    parser.add_argument("--seed", type=int, default=0, help="seed for choosing which examples to show")
    args = parser.parse_args(argv)
    if not args.tsv.is_file():
        print(f"accuracy: {args.tsv}: no such file", file=sys.stderr)
        return 2
    rows = read_rows(args.tsv)
    if args.family:
        rows = [r for r in rows if r.label != "flag" or r.family == args.family]
    report(rows, lint_rows(rows), args.show, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
