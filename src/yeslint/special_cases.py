"""The tokenizer's special cases that `yeslint.prefilter.surface_words` cannot split by rule.

spaCy's English tokenizer splits some words by a table, not by punctuation: "youll" is "you"
+ "ll", "gonna" is "gon" + "na", "couldve" is "could" + "ve". A pattern anchored on "you"
must see the "you" of "youll", or the prefilter would skip a sentence the parser reads as
"you will". This table is the tokenizer's own exceptions for single words, each with the
tokens it makes, cut down to the words whose parts the rules of `surface_words` miss. It is
data, so that the prefilter never imports spaCy; `tests/test_prefilter.py` reads every
exception of the installed pipeline and fails when a word some pattern anchors on is missing,
listing the entries to add in this format.
"""

from __future__ import annotations

_TABLE = (
    "c'mon=c'm on|can't've=ca n't 've|cantve=ca nt ve|couldn't've=could n't 've|"
    "couldntve=could nt ve|couldve=could ve|darent=dare nt|didn't've=did n't 've|didntve=did nt ve|"
    "doesn't've=does n't 've|doesntve=does nt ve|don't've=do n't 've|dontve=do nt ve|gonna=gon na|"
    "gotta=got ta|hadn't've=had n't 've|hadntve=had nt ve|he'd've=he 'd 've|he'll've=he 'll 've|"
    "hed=he d|hedve=he d ve|hellve=he ll ve|hes=he s|how'd've=how 'd 've|how'd'y=how 'd 'y|"
    "how'll've=how 'll 've|howd=how d|howdve=how d ve|howll=how ll|howllve=how ll ve|howre=how re|"
    "hows=how s|howve=how ve|i'd've=i 'd 've|i'll've=i 'll 've|i'ma=i 'm a|id=i d|idve=i d ve|"
    "illve=i ll ve|im=i m|ima=i m a|it'd've=it 'd 've|it'll've=it 'll 've|itd=it d|itdve=it d ve|"
    "itll=it ll|itllve=it ll ve|ive=i ve|mayn't've=may n't 've|maynt=may nt|mayntve=may nt ve|"
    "mightn't've=might n't 've|mightntve=might nt ve|mightve=might ve|mustn't've=must n't 've|"
    "mustntve=must nt ve|mustve=must ve|needn't've=need n't 've|needntve=need nt ve|notve=not ve|"
    "oughtn't've=ought n't 've|oughtnt=ought nt|oughtntve=ought nt ve|shan't've=sha n't 've|"
    "shantve=sha nt ve|she'd've=she 'd 've|she'll've=she 'll 've|shedve=she d ve|shellve=she ll ve|"
    "shes=she s|shouldn't've=should n't 've|shouldntve=should nt ve|shouldve=should ve|"
    "that'd've=that 'd 've|that'll've=that 'll 've|thatd=that d|thatdve=that d ve|thatll=that ll|"
    "thatllve=that ll ve|thats=that s|there'd've=there 'd 've|there'll've=there 'll 've|"
    "thered=there d|theredve=there d ve|therell=there ll|therellve=there ll ve|therere=there re|"
    "theres=there s|thereve=there ve|these'd've=these 'd 've|these'll've=these 'll 've|"
    "thesed=these d|thesedve=these d ve|thesell=these ll|thesellve=these ll ve|thesere=these re|"
    "theseve=these ve|they'd've=they 'd 've|they'll've=they 'll 've|theyd=they d|theydve=they d ve|"
    "theyll=they ll|theyllve=they ll ve|theyre=they re|theyve=they ve|this'd've=this 'd 've|"
    "this'll've=this 'll 've|thisd=this d|thisdve=this d ve|thisll=this ll|thisllve=this ll ve|"
    "thiss=this s|those'd've=those 'd 've|those'll've=those 'll 've|thosed=those d|"
    "thosedve=those d ve|thosell=those ll|thosellve=those ll ve|thosere=those re|thoseve=those ve|"
    "we'd've=we 'd 've|we'll've=we 'll 've|wed=we d|wedve=we d ve|wellve=we ll ve|weve=we ve|"
    "what'd've=what 'd 've|what'll've=what 'll 've|whatd=what d|whatdve=what d ve|whatll=what ll|"
    "whatllve=what ll ve|whatre=what re|whats=what s|whatve=what ve|when'd've=when 'd 've|"
    "when'll've=when 'll 've|whend=when d|whendve=when d ve|whenll=when ll|whenllve=when ll ve|"
    "whenre=when re|whens=when s|whenve=when ve|where'd've=where 'd 've|where'll've=where 'll 've|"
    "whered=where d|wheredve=where d ve|wherell=where ll|wherellve=where ll ve|wherere=where re|"
    "wheres=where s|whereve=where ve|who'd've=who 'd 've|who'll've=who 'll 've|whod=who d|"
    "whodve=who d ve|wholl=who ll|whollve=who ll ve|whos=who s|whove=who ve|why'd've=why 'd 've|"
    "why'll've=why 'll 've|whyd=why d|whydve=why d ve|whyll=why ll|whyllve=why ll ve|whyre=why re|"
    "whys=why s|whyve=why ve|won't've=wo n't 've|wontve=wo nt ve|wouldn't've=would n't 've|"
    "wouldntve=would nt ve|wouldve=would ve|y'all=y' all|yall=y all|you'd've=you 'd 've|"
    "you'll've=you 'll 've|youd=you d|youdve=you d ve|youll=you ll|youllve=you ll ve|youre=you re|"
    "youve=you ve"
)

SPECIAL_CASES: dict[str, tuple[str, ...]] = {
    word: tuple(pieces.split())
    for word, _, pieces in (entry.partition("=") for entry in _TABLE.split("|") if entry)
}
"""A word as `surface_words` finds it (lower case, straight apostrophes) -> the tokens spaCy makes."""
