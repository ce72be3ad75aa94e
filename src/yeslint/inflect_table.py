"""lemminflect's lookup table, decoded one word at a time instead of all at once.

On its first call lemminflect decodes every one of its 40,000 table lines into dictionaries:
about half a second and 18 MiB in each process, paid in full by a page with a single
rewrite and again by every worker. A rewrite needs the forms of a handful of lemmas, so
this table keeps the decompressed text and decodes the lines of a word when it is first
asked for. lemminflect's own codec decodes each line, so the forms are the same; a test
compares the two tables word for word.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Mapping
from typing import Any


class LazyInflectionTable(Mapping[str, dict[str, tuple[str, ...]]]):
    """Read-only stand-in for the dictionary ``InflectionLUCodec.load`` returns."""

    def __init__(self, path: str) -> None:
        from lemminflect.codecs.InflectionLUCodec import InflectionLUCodec

        with gzip.open(path, "rt", encoding="utf-8") as stream:
            self._text = "\n" + stream.read()
        self._codec = InflectionLUCodec
        self._fixed: dict[str, dict[str, tuple[str, ...]]] = InflectionLUCodec.updateForAuxMod({})
        self._decoded: dict[str, dict[str, tuple[str, ...]] | None] = {}

    def __getitem__(self, word: str) -> dict[str, tuple[str, ...]]:
        if word in self._fixed:
            return self._fixed[word]
        if word not in self._decoded:
            self._decoded[word] = self._decode(word)
        found = self._decoded[word]
        if found is None:
            raise KeyError(word)
        return found

    def _decode(self, word: str) -> dict[str, tuple[str, ...]] | None:
        """Merge the word's lines in file order, as the codec's loader does."""
        forms: dict[str, tuple[str, ...]] | None = None
        key, text = f"\n{word},", self._text
        start = text.find(key)
        while start >= 0:
            end = text.find("\n", start + 1)
            _, _, more = self._codec.fromString(text[start + 1 : end if end >= 0 else len(text)])
            forms = more if forms is None else {**forms, **more}
            start = text.find(key, start + 1)
        return forms

    def __iter__(self) -> Iterator[str]:
        """Every word: only the equivalence test walks the whole table."""
        seen = dict.fromkeys(line.partition(",")[0] for line in self._text.split("\n") if line)
        seen.update(dict.fromkeys(self._fixed))
        return iter(seen)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def install() -> None:
    """Give lemminflect's shared `Inflections` this table before its first look-up."""
    from lemminflect import Inflections
    from lemminflect.config import inflection_lu_fn

    inflections: Any = Inflections()
    if "infl_dict" not in vars(inflections):
        inflections.infl_dict = LazyInflectionTable(inflection_lu_fn)
