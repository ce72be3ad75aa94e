"""Review yeslint's rewrites on every `flag` sentence of a labelled TSV. Prints figures; not a test.

    python benchmarks/rewrites.py [TSV] [--out FILE] [--sample N]

For each detected sentence it writes ``original -> rewrite`` (or the hint) to a review
file and reports: coverage (share with a suggestion), share whose rewrite re-lints clean,
share that keeps every number/amount/time of the original, share whose rewrite parses
as a sentence or a sign fragment, and the boilerplate share: rewrites that repeat the
sentence unchanged and only add a tail ("..., but just ask ...").
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

from accuracy import DEFAULT_TSV, read_rows
from yeslint.engine import Linter
from yeslint.load import load_text
from yeslint.rulepack import load_ruleset
from yeslint.suggest import keeps_numbers

OUT = Path(__file__).resolve().parent / "out" / "rewrites.txt"


def well_formed(nlp: object, text: str) -> bool:
    """One sentence whose root is a verb, or a short noun-phrase sign ("Yes, we take cards!")."""
    doc = nlp(text)  # type: ignore[operator]
    sentences = list(doc.sents)
    if not sentences or len(sentences) > 2:
        return False
    root = sentences[0].root
    if root.pos_ in ("VERB", "AUX"):
        return True
    return root.pos_ in ("NOUN", "PROPN", "ADJ", "INTJ") and len(sentences[0]) <= 12


def boilerplate(original: str, rewrite: str) -> bool:
    """The rewrite keeps the "no" word for word and only bolts a tail on: it starts with the
    original's text minus its final punctuation."""
    stem = original.strip().rstrip(".!?…\"”’') ").strip()
    return bool(stem) and rewrite.startswith(stem) and len(rewrite) > len(stem)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("tsv", nargs="?", type=Path, default=DEFAULT_TSV)
    parser.add_argument("--out", type=Path, default=OUT, help="review file to write")
    parser.add_argument("--sample", type=int, default=20, help="print N random pairs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rows = [r for r in read_rows(args.tsv) if r.label == "flag"]
    linter = Linter(load_ruleset())
    nlp = linter.compiled().nlp
    detected = with_suggestion = clean = kept = formed = tails = 0
    pairs: list[str] = []
    problems: list[str] = []
    for row in rows:
        findings = linter.lint_source(load_text(row.text)).findings
        if not findings:
            continue
        detected += 1
        finding = findings[0]
        if not finding.suggestion:
            pairs.append(f"[{finding.rule_id}] {row.text}\n   hint: {finding.hint}")
            continue
        with_suggestion += 1
        rewrite = finding.suggestion
        relint = linter.lint_source(load_text(rewrite)).findings
        keeps = keeps_numbers(finding.sentence, rewrite)
        ok_form = well_formed(nlp, rewrite)
        clean += not relint
        kept += keeps
        formed += ok_form
        tails += boilerplate(finding.sentence, rewrite)
        pairs.append(f"[{finding.rule_id}] {row.text}\n   -> {rewrite}")
        if relint or not keeps or not ok_form:
            why = [
                w
                for w, bad in (
                    ("re-lints", relint),
                    ("drops a number", not keeps),
                    ("ill-formed", not ok_form),
                )
                if bad
            ]
            problems.append(f"[{finding.rule_id} {', '.join(why)}] {row.text}\n   -> {rewrite}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(pairs) + "\n", encoding="utf-8")

    def share(n: int, of: int) -> str:
        return f"{n / of:.3f} ({n}/{of})" if of else "n/a"

    print(f"flag sentences: {len(rows)}  detected: {detected}")
    print(f"coverage (detected with a suggestion): {share(with_suggestion, detected)}")
    print(f"rewrite re-lints clean:               {share(clean, with_suggestion)}")
    print(f"rewrite keeps every number:           {share(kept, with_suggestion)}")
    print(f"rewrite parses as sentence/sign:      {share(formed, with_suggestion)}")
    print(f"boilerplate tail (sentence + tail):   {share(tails, with_suggestion)}")
    print(f"review file: {args.out}")
    rng = random.Random(args.seed)
    print(f"\n{min(args.sample, len(pairs))} random pairs:")
    for pair in rng.sample(pairs, min(args.sample, len(pairs))):
        print(pair)
    if problems:
        print(f"\nproblems ({len(problems)}):")
        for problem in problems[: args.sample]:
            print(problem)
    return 0


if __name__ == "__main__":
    sys.exit(main())
