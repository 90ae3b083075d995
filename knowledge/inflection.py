"""English word forms: a term of a word list written once ('refund', 'negotiate the settlement')
stands for its regular inflections too ('refunds', 'refunded', 'negotiating the settlement').

Staff write English as they speak it; a list that held only the base forms missed 「We refunded …
Can we claim those refunds?」 whatever its other words. Only regular English morphology, applied
to the first and the last word of a term (a verb opens a phrase, a noun ends it); irregular forms
(paid, stolen, sued …) stay written out in the lists. Over-generation is harmless: a form that is
no English word never occurs in a message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[a-z]+")
_VOWELS = "aeiou"


def word_forms(word: str) -> set[str]:
    """The word and its regular plural, third person, past and -ing forms (lower case)."""
    w = word.lower()
    if not _WORD.fullmatch(w) or len(w) < 3:
        return {w}
    forms = {w}
    if w.endswith("s") and not w.endswith("ss"):
        return forms  # already a plural or a third person (costs, damages)
    if w.endswith(("ss", "x", "z", "ch", "sh")):
        forms |= {w + "es", w + "ed", w + "ing"}
    elif w.endswith("y") and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ies", w[:-1] + "ied", w + "ing"}
    elif w.endswith("ee"):
        forms |= {w + "s", w + "ing"}  # not fee → feed
    elif w.endswith("e"):
        forms |= {w + "s", w + "d", w[:-1] + "ing"}
    else:
        forms |= {w + "s", w + "ed", w + "ing"}
        if len(w) <= 4 and w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}  # stop → stopped, stopping
    return forms


def term_forms(term: str) -> list[str]:
    """An ASCII term with its first or its last word inflected; any other term as it is."""
    words = term.lower().split()
    if not term.isascii() or not words:
        return [term]
    out = [term]
    out += [" ".join([form, *words[1:]]) for form in sorted(word_forms(words[0]))]
    if len(words) > 1:
        out += [" ".join([*words[:-1], form]) for form in sorted(word_forms(words[-1]))]
    return list(dict.fromkeys(out))


def with_forms(terms: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(form for term in terms for form in term_forms(term)))
