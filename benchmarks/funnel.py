"""How much text reaches the parser, stage by stage. Prints figures; not a test.

    python benchmarks/funnel.py [FOLDER]     # default: bench-corpus/subset

For every sentence of every file: does the prefilter let it through (its words), does the
gate before the parser (`yeslint.lexical`: token patterns' words in their order) let it
through, does the parse give a candidate, and does a finding come out. Counts and tokens
per stage show where the parser's time goes: most of what is parsed matches nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "bench-corpus" / "subset")
    args = parser.parse_args()
    if not args.folder.is_dir():
        print(f"funnel: {args.folder} is not a folder (see benchmarks/speed.py)", file=sys.stderr)
        return 2

    from yeslint.discover import discover
    from yeslint.engine import Linter
    from yeslint.load import load_source
    from yeslint.rulepack import load_ruleset
    from yeslint.segment import segment_source
    from yeslint.sentences import split_sentences

    linter = Linter(load_ruleset(), use_cache=False)
    compiled, prefilter = linter.compiled(), linter.prefilter()
    sentences: list[str] = []
    for path in discover([args.folder]):
        if isinstance(path, Path):
            for segment in segment_source(load_source(path)):
                sentences += [segment.text[a:b] for a, b in split_sentences(segment.text)]
    unique = list(dict.fromkeys(s for s in sentences if s.strip()))

    started = time.perf_counter()
    passed = [s for s in unique if prefilter.might_match(s)]
    prefilter_s = time.perf_counter() - started
    docs = [compiled.nlp.make_doc(s) for s in passed]
    started = time.perf_counter()
    gated = [(d, s) for d, s in zip(docs, passed, strict=True) if compiled.worth_parsing(d, s)]
    gate_s = time.perf_counter() - started
    started = time.perf_counter()
    parsed = list(compiled.nlp.pipe([d for d, _ in gated]))
    parse_s = time.perf_counter() - started
    texts = [s for _, s in gated]
    matched = [d for d, s in zip(parsed, texts, strict=True) if any(True for _ in compiled.candidates(d, s))]

    every = [compiled.nlp.make_doc(s) for s in unique]
    rows = [
        ("distinct sentences", every, None),
        ("pass the prefilter", docs, prefilter_s),
        ("pass the gate (parsed)", [d for d, _ in gated], gate_s),
        ("give a candidate", matched, None),
    ]
    print(f"{args.folder}: {len(sentences)} sentences")
    print(f"{'stage':<24} {'sentences':>10} {'tokens':>9} {'share':>7}  seconds")
    total = sum(len(d) for d in every) or 1
    for label, stage, seconds in rows:
        tokens = sum(len(d) for d in stage)
        took = f"{seconds:.2f}" if seconds is not None else ""
        print(f"{label:<24} {len(stage):>10} {tokens:>9} {tokens / total:>7.1%}  {took}")
    print(f"parse of what passed the gate: {parse_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
