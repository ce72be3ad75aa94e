"""Rules must generalise from lemmas and parses, not memorise the labelled corpus.

A rule, lexicon, fixture or comment that quotes a corpus sentence for more than three words
teaches the benchmark its own answers and hides how the rules do on new text. This test
compares 4-word shingles of every rule pack, rule fixture and bundled example with the corpus
sentences.

Shingles of plain function words ("if you need to", "we are unable to") are everyday English
that any rule about refusals must spell; only shingles with at least two content words count.
Any overlap fails: there is no list of tolerated old quotes.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "sentences.tsv"
# The bundled examples are scanned too: they ship with the tool and are read as its own copy.
SCANNED = (
    (ROOT / "rules", "*.yml"),
    (Path(__file__).parent / "fixtures" / "rules", "*.yml"),
    (ROOT / "examples", "*.*"),
)
SHINGLE = 4

WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
FUNCTION_WORDS = frozenset(
    """a an the and or but if so as at by for from in into of on onto to up with within without
    about after before until than then that this these those there here it its it's is are was
    were be been being am do does did don't doesn't didn't done not no never n't can can't
    cannot could may might must shall should will won't would i we us our you your yours they
    them their he she his her me my what which who whom when where why how all any each every
    some more most other such only also just please let know need needs have has had get
    make made take one two""".split()
)


def shingles(text: str) -> set[str]:
    """Runs of four words that carry at least two content words."""
    words = WORD.findall(text.lower())
    runs = (words[i : i + SHINGLE] for i in range(len(words) - SHINGLE + 1))
    return {" ".join(run) for run in runs if sum(w not in FUNCTION_WORDS for w in run) >= 2}


def corpus_shingles() -> set[str]:
    with CORPUS.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return set().union(*(shingles(row["text"]) for row in rows))


def overlaps() -> set[str]:
    """``path: shingle`` for every corpus shingle found in a rule pack, rule fixture or example."""
    corpus = corpus_shingles()
    found: set[str] = set()
    for folder, pattern in SCANNED:
        for path in sorted(folder.rglob(pattern)):
            name = path.relative_to(ROOT).as_posix()
            found.update(f"{name}: {s}" for s in shingles(path.read_text(encoding="utf-8")) & corpus)
    return found


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not checked out next to the repo")
def test_rules_copy_no_corpus_phrase() -> None:
    found = sorted(overlaps())
    assert not found, "rule text copies the corpus; reword it from lemmas and parses:\n" + "\n".join(found)


def test_shingles_skip_function_word_runs() -> None:
    assert shingles("if you need to cancel") == set()
    assert shingles("Deposits are non-refundable after booking") == {
        "deposits are non refundable",
        "are non refundable after",
        "non refundable after booking",
    }
