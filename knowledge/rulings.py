"""What the pamphlet rules on plainly, as validated data (knowledge/rulings.yaml).

A ruling ties an item (war, crypto-assets, fines, a paper record lost …) to the pamphlet's verdict
and the statement that gives it. Each statement is checked at load time to stand in its section's
text, so a ruling can only quote the pamphlet; a broken entry stops the start-up by name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from knowledge.inflection import with_forms
from knowledge.pamphlet import get_section, section_ids
from knowledge.text import fold
from knowledge.vocab import Matcher, MatcherSet, Span, Terms, key_and_mask, load_model

PATH = Path(__file__).with_name("rulings.yaml")
# How far after a word a negation still takes it back (match-key characters): 「火災などではなく」.
NEGATION_WINDOW = 8
# How far after a word a prevention word still makes it a topic (「熱中症の予防」).
TOPIC_WINDOW = 2
RulingVerdict = Literal["excluded", "excepted", "cannot", "covered", "not_stated", "rule"]


class Elsewhere(BaseModel):
    """A line of another section quoted after a ruling's own (the duty a rule of payment follows from)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: str
    text: str = Field(min_length=4)


class Ruling(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    verdict: RulingVerdict
    section: str
    statement: str = Field(min_length=4)
    also: list[str] = []  # further lines quoted after the statement (an exception's ア/イ)
    # Lines of other sections quoted after those: 「ログを出してと言われたけど断ってもいい？」 is answered by
    # the rule on payment in time (sec-17) and by the duty to hand over what is asked for (sec-16 7.).
    elsewhere: list[Elsewhere] = []
    subject: str | None = None  # what a not_stated ruling is about: 「身代金の支払い」
    # A rule that answers yes on a condition (「まだ攻撃か分からない段階の調査費用も出ますか」): the answer in one
    # sentence, before the pamphlet's words it rests on (which follow, quoted); for verdict "rule", or for
    # "covered" said with the circumstance it holds in (「漏えいへの対応として送るものであれば、」) when the
    # question does not tell it.
    condition: str = ""
    when: list[Terms] = Field(min_length=1)
    unless: Terms = []
    # "event": the ruling turns on what caused the whole matter (an insured's intent, war, a power
    # cut). "item": it rules on one thing a claim or loss may be about (an injury, a missed
    # deadline, a patent, a response cost), usually told in the story before the question.
    # "service": the support service, asked about after a story of why the insurance does not pay.
    # See Rulings.first_naming.
    scope: Literal["item", "event", "service"] = "item"
    # The ruling sets out something the clinic must do (notify a change, contain the loss, report in
    # writing): a question whether that must be done (「連絡しておく必要はありますか」) is answered by it,
    # though it asks no "is it covered".
    duty: bool = False
    # The ruling says when something happens (the insurer pays within 30 days): a question of when
    # (「お金はいつごろ入りますか」), which asks no "is it covered", is answered by it.
    answers_when: bool = False
    # The ruling is a list the question asks for as a whole (「対象外になるのはどんな場合？」 "What are the
    # main exclusions?"): such a question, which asks no "is it covered", is answered by it.
    lists: bool = False
    # The ruling's statement answers any question about its item, whatever is asked of it: how the sum
    # insured works for facilities joined together (「片方で使ったら、もう片方の枠も減るの？」「施設ごと？」) is
    # the rule itself, asked as yes/no or not.
    answers_any_question: bool = False
    # The `when` group (by its index) whose words name the one who acted, and count only as such: a Japanese word
    # followed by the particle of a subject (「職員が」「院長は」「バイトの子が」「職員による」「職員の横領」), or ending
    # in one (「当院が」), not the one the act was aimed at or whose thing it was (「辞めた職員への腹いせ」「職員の名前を
    # 晒した」「院長のパソコンに誰かがわざと…」); an English word unless it owns something ("the director's laptop").
    actor_group: int | None = None
    # A list asked beside an event told still answers (「…の件はもう解決しました。保険金を請求したいのですが、何を
    # 用意すれば？」 asks for the claim's papers); without it, a list question beside an event asks the cover of that
    # event (「この件、保険で何が出ますか」).
    beside_an_event: bool = False
    # The last group of `when` names the event the cost follows (a leak, an attack): a conversation
    # that has already told of an event under a 対象事由 (the incident found in the message, or the one
    # open in the chat) holds it, in whatever words it was told (「泥棒にサーバーごと持ってかれた」,
    # 「手紙と一緒にクオカードも入れたい。それも出ますか」 inside the incident). See Rulings.first_naming.
    event_group: bool = False
    # The ruling's time depends on the moment asked (the support service's firms start the next
    # business day, 9:00, on a request made at night or on a holiday): the answer adds that moment,
    # computed from the clock (knowledge/clock.py) for the contact named here (knowledge/facts.yaml).
    next_full_service_of: str | None = None
    # Told in a report, the ruling is said though nothing was asked: a damages claim made against the
    # clinic (「検査会社から損害賠償を求められています」) is what the liability cover is for.
    said_unasked: bool = False
    _groups: list[Matcher] = PrivateAttr()
    _unless: Matcher | None = PrivateAttr()

    @model_validator(mode="after")
    def _condition_of_a_rule(self) -> Ruling:
        if self.condition and self.verdict not in ("rule", "covered"):
            raise ValueError(f"{self.id}: a condition is said only of a rule or a cover (verdict {self.verdict!r})")
        return self

    @model_validator(mode="after")
    def _terms_are_words(self) -> Ruling:
        # A Japanese term with a space in it is two terms that lost their comma in the YAML
        # (「削除…頼 求償」): the matcher drops spaces between Japanese, so it would match neither.
        for term in [t for group in self.when for t in group] + list(self.unless):
            if " " in term.strip() and not term.isascii():
                raise ValueError(f"{self.id}: {term!r} holds a space: two terms missing a comma?")
        return self

    @model_validator(mode="after")
    def _quotes_the_pamphlet(self) -> Ruling:
        if self.section not in section_ids():
            raise ValueError(f"{self.id}: unknown section {self.section!r}")
        quoted = [(self.section, q) for q in (self.statement, *self.also)] + [(e.section, e.text) for e in self.elsewhere]
        for section, quote in quoted:
            if section not in section_ids() or fold(quote) not in fold(get_section(section).text):
                raise ValueError(f"{self.id}: not in {section}'s text: {quote[:40]}…")
        if self.verdict == "not_stated" and not self.subject:
            raise ValueError(f"{self.id}: a not_stated ruling names its subject")
        if self.event_group and len(self.when) < 2:
            raise ValueError(f"{self.id}: event_group needs a group of event words after the item")
        return self

    def model_post_init(self, _: object) -> None:
        # English terms stand for their regular inflections ('refund' for 'refunded', 'refunds').
        self._groups = [_matcher(with_forms(group)) for group in self.when]
        self._unless = _matcher(with_forms(self.unless)) if self.unless else None

    def names_item(self, text: str, negations: tuple[str, ...] = ()) -> bool:
        """The item (the first group of words) stands in ``text``, not taken back by a negation."""
        key, mask = key_and_mask(text)
        return bool(self._item_spans(key, mask, negations))

    def _item_spans(self, key: str, mask: Sequence[int], negations: tuple[str, ...]) -> list[Span]:
        return _not_taken_back(self._groups[0].find(key, mask), key, mask, negations)

    def names(self, text: str, negations: tuple[str, ...] = ()) -> bool:
        """Every group of words matches ``text`` and no ``unless`` word does. A word followed
        closely by a negation (「火災などではなく」「故障ではない」) does not count. Only the item
        (the first group) is taken back by a negation: in 「身代金は補償の対象ではないですか？」 the
        negation belongs to the question, not to 身代金."""
        key, mask = key_and_mask(text)
        return bool(self._item_spans(key, mask, negations)) and self._rest_holds(key, mask, negations)

    def _rest_holds(self, key: str, mask: Sequence[int], negations: tuple[str, ...] = ()) -> bool:
        """No ``unless`` word (one taken back by a negation does not count: 「ウイルスではありません」),
        and every group after the item, in the text."""
        if self._unless is not None and _not_taken_back(self._unless.find(key, mask), key, mask, negations):
            return False
        return all(group.search(key, mask) for group in self._groups[1:])


class Rulings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int
    negations: Terms = []
    # English takes a word back before it ("not an attack", "without a virus"): these, just before it.
    negations_before: Terms = []
    # An item named only as what is prevented (「熱中症予防の動画」「転倒防止のセンサー」) is a topic, not
    # something that happened: these, right after it (TOPIC_WINDOW), take it back like a negation.
    prevention_after: Terms = []
    # 「戦争のようなものではない」: what likens a word to the thing, read past before its negation.
    likeness_after: Terms = []
    # Two items asked about together (named_beside): a word that asks of each, and what joins the items.
    asks_of_each: Terms = []
    item_joiners: Terms = []
    # 「戦争とかテロ」 "war or terrorism": items offered as alternatives ask of each without saying so.
    alternative_joiners: Terms = []
    # 「残業代は出ると聞いたのですが、院長の手間も…？」: what ends a clause told as already known, before
    # the question turns to something else (see _first_naming_uncached).
    premises: Terms = []
    # 「これも」「この場合も」「医院としても」: the も of a question about the case told, not about another thing.
    the_case_itself: Terms = []
    # Word lists several rulings share: '@name' in a ruling's `unless` or in a group of its `when`
    # stands for the whole list.
    word_lists: dict[str, Terms] = {}
    rulings: list[Ruling] = Field(min_length=1)
    _first_naming: Callable[[str, bool], Ruling | None] = PrivateAttr()
    _items: MatcherSet = PrivateAttr()
    _item_of: dict[str, Matcher] = PrivateAttr()
    _table: list[tuple[Ruling, Matcher, Matcher | None, tuple[Matcher, ...]]] = PrivateAttr()
    _all_matchers: tuple[Matcher, ...] = PrivateAttr()
    _each: Matcher = PrivateAttr()
    _joiner: Matcher = PrivateAttr()
    _alternative: Matcher = PrivateAttr()
    _premise: Matcher = PrivateAttr()
    _case_itself: Matcher = PrivateAttr()

    @model_validator(mode="before")
    @classmethod
    def _shared_lists(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("rulings"), list):
            return data
        lists = data.get("word_lists") or {}

        def expanded(ruling: dict, words: list[Any]) -> list[Any]:
            out: list[Any] = []
            for word in words:
                if isinstance(word, str) and word.startswith("@"):
                    if word[1:] not in lists:
                        raise ValueError(f"{ruling.get('id')}: unknown word list {word!r}")
                    out.extend(lists[word[1:]])
                else:
                    out.append(word)
            return out

        rulings = []
        for ruling in data["rulings"]:
            if isinstance(ruling, dict) and isinstance(ruling.get("unless"), list):
                ruling = {**ruling, "unless": expanded(ruling, ruling["unless"])}
            if isinstance(ruling, dict) and isinstance(ruling.get("when"), list):
                # a group of `when` may name a shared list too (「ヘルシンキ」 from '@foreign_places')
                ruling = {**ruling, "when": [expanded(ruling, g) if isinstance(g, list) else g for g in ruling["when"]]}
            rulings.append(ruling)
        return {**data, "rulings": rulings}

    @model_validator(mode="after")
    def _unique(self) -> Rulings:
        ids = [r.id for r in self.rulings]
        if len(ids) != len(set(ids)):
            raise ValueError(f"duplicate ruling ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        return self

    @model_validator(mode="after")
    def _timed_contacts(self) -> Rulings:
        from knowledge.models import get_facts

        timed = {c.id for c in get_facts().contacts if c.full_service is not None}
        for ruling in self.rulings:
            if ruling.next_full_service_of is not None and ruling.next_full_service_of not in timed:
                raise ValueError(f"{ruling.id}: next_full_service_of {ruling.next_full_service_of!r} names no contact "
                                 f"with full_service hours in knowledge/facts.yaml")
        return self

    def by_id(self, ruling_id: str) -> Ruling:
        return next(r for r in self.rulings if r.id == ruling_id)

    def model_post_init(self, _: object) -> None:
        # One message is asked twice (is it a coverage question; which ruling answers it).
        self._first_naming = lru_cache(maxsize=256)(self._first_naming_uncached)
        # Every ruling's item in one trie: a message is walked once for all of them, and only the
        # rulings whose item it holds are read further (one walk per ruling cost ~3x as much).
        # (Plain tuples: a pydantic private attribute costs a __getattr__ call at every read.)
        self._table = [(r, r._groups[0], r._unless, tuple(r._groups[1:])) for r in self.rulings]
        self._items = MatcherSet(item for _, item, _, _ in self._table)
        self._item_of = {r.id: item for r, item, _, _ in self._table}
        self._each = _matcher(tuple(self.asks_of_each))
        self._joiner = _matcher(tuple(self.item_joiners))
        self._alternative = _matcher(tuple(self.alternative_joiners))
        self._premise = _matcher(tuple(self.premises))
        self._case_itself = _matcher(tuple(self.the_case_itself))
        # Every word list of the table (items, further groups, unless), each once: what a correction can take back.
        self._all_matchers = tuple({id(m): m for _, item, unless, rest in self._table
                                    for m in (item, unless, *rest) if m is not None}.values())

    def _naming(self, text: str, negations: tuple[str, ...], event_told: bool = False) -> Iterator[Ruling]:
        """The rulings ``text`` names, in the file's order."""
        key, mask = key_and_mask(text)
        return self._naming_in(key, mask, negations, event_told)

    def _naming_in(self, key: str, mask: Sequence[int], negations: tuple[str, ...], event_told: bool,
                   own: tuple[str, Sequence[int], dict[int, list[Span]]] | None = None) -> Iterator[Ruling]:
        """``own``: the key, mask and items found of the newest message of ``key`` (see naming_after): a
        ruling whose item that message names itself is refused only by an ``unless`` word of its own
        (「特許を侵害している、とも。そっちは？」 after a question about a trademark)."""
        found = self._items.find_all(key, mask)
        for ruling, item, unless, rest in self._table:
            if event_told and ruling.event_group:
                rest = rest[:-1]
            unless_key, unless_mask = (own[0], own[1]) if own is not None and own[2][id(item)] else (key, mask)
            spans = found[id(item)]
            if ruling.actor_group == 0:
                spans = _acting(spans, key)
            if (spans and _not_taken_back(spans, key, mask, negations)
                    and (unless is None or not _not_taken_back(unless.find(unless_key, unless_mask), unless_key, unless_mask, negations))
                    and all(_acting(g.find(key, mask), key) if n == ruling.actor_group else g.search(key, mask)
                            for n, g in enumerate(rest, start=1))):
                yield ruling

    def named_beside(self, text: str, first: Ruling, event_told: bool = False) -> tuple[Ruling, str, str] | None:
        """「著作権侵害と特許侵害は、どちらも補償されますか」「罰金とコールセンターの費用は、それぞれ…」: a second item
        asked about in the same breath as ``first`` — the question says it asks of each, and the item is named in the
        same sentence, joined to the first by a few words (と、や、and) — and ruled otherwise: that ruling, with the
        words that named each of the two. None when the text names no such item."""
        negations = tuple(self.negations)
        key, mask = key_and_mask(text)
        # Only when the question says it asks of each (「それぞれ」「どちらも」 "both") or offers the items as
        # alternatives (「戦争とかテロ」): in a story, an item and the exception or exclusion beside it (「破裂して
        # サーバーが壊れ、納期遅れ」) make one question.
        each = self._each.search(key, mask) is not None
        first_spans = _not_taken_back(self._item_of[first.id].find(key, mask), key, mask, negations)
        if not first_spans:
            return None
        # (each item asks for itself: an `unless` that hands one item to the other's ruling — 特許 beside 著作権 —
        # does not apply to the pair)
        for other, item, _, rest in self._table:
            if other.id == first.id or other.verdict == first.verdict or other.lists \
                    or not all(g.search(key, mask) for g in (rest[:-1] if event_told and other.event_group else rest)):
                continue
            spans = _not_taken_back(item.find(key, mask), key, mask, negations)
            for a in first_spans:
                for b in spans:
                    left, right = (a, b) if a.end <= b.start else (b, a)
                    if left.end > right.start:
                        continue  # one word inside the other
                    between = key[left.end:right.start]
                    joiner = self._joiner if each else self._alternative
                    joined = joiner.search(between, mask[left.end:right.start]) if len(between) <= JOINED_WITHIN else None
                    # (the joiner joins the two items, not a clause told between them: 「理事長のマイナンバーとか
                    # 個人情報が漏れた場合の対応費用」 asks the cost of that leak, one question)
                    if joined is not None and not _SENTENCE_END.search(between) \
                            and joined.start <= JOINER_REACH and len(between) - joined.end <= JOINER_REACH:
                        return other, a.label, b.label
        return None

    def naming_the_item_alone(self, text: str) -> Ruling | None:
        """「身代金は？」: the first ruling whose item alone the text names (its other words are those of a
        question about cover, which a question that is only the item leaves unsaid). Rulings that need
        more than one word besides the item (a story's context) are not named so."""
        negations = tuple(self.negations)
        key, mask = key_and_mask(text)
        for ruling, item, unless, rest in self._table:
            if len(rest) <= 1 and _not_taken_back(item.find(key, mask), key, mask, negations) \
                    and (unless is None or not _not_taken_back(unless.find(key, mask), key, mask, negations)):
                return ruling
        return None

    def first_naming(self, text: str, event_told: bool = False) -> Ruling | None:
        """``event_told``: the conversation has told of an event under a 対象事由 (see Ruling.event_group)."""
        return self._first_naming(text, event_told)

    def naming_after(self, before: str, text: str, event_told: bool = False) -> Iterator[Ruling]:
        """The rulings named by a question asked again with a fact added or corrected: the question
        ``before`` and ``text`` read as one, where a word ``text`` takes back is taken back in
        ``before`` too (「昨日プロバイダの障害で止まりました。臨時のアルバイト代は出ますか」, then 「ところが
        プロバイダの障害じゃなくて、ルーターの乗っ取りが原因でした。それでも同じ扱いですか」)."""
        negations = tuple(self.negations)
        key_before, mask_before = key_and_mask(before)
        key_now, mask_now = key_and_mask(text)
        struck = self._taken_back(key_now, mask_now, negations)
        if struck:
            chars = list(key_before)
            for matcher in self._all_matchers:
                for span in matcher.find(key_before, mask_before):
                    if span.label in struck:
                        chars[span.start:span.end] = "\0" * (span.end - span.start)
            key_before = "".join(chars)
        key = key_before + "\n" + key_now
        mask = bytes(mask_before) + b"\x00" + bytes(mask_now)
        # An item the new message names itself comes first: 「ギフトカードも入れたい。それも対象？」 after a
        # question about letters of apology asks about the gift cards.
        found_now = self._items.find_all(key_now, mask_now)
        named = list(self._naming_in(key, mask, negations, event_told, own=(key_now, mask_now, found_now)))
        # Then one with any other word of its own in it: 「先にこっちで謝って払っちゃったら？」 after a question
        # about the talks names paying first, not the talks asked about before.
        rest_of = {r.id: rest for r, _, _, rest in self._table}
        return iter(sorted(named, key=lambda r: (not found_now[id(self._item_of[r.id])],
                                                  not any(g.search(key_now, mask_now) for g in rest_of[r.id]))))

    def takes_back_words_of(self, before: str, text: str) -> bool:
        """Whether ``text`` takes back a word of the table that the question ``before`` said
        (「理事の分だけじゃなくて、一般の方300人分も入ってました」 after a question about the directors'
        data): a correction of the facts that question was answered on."""
        negations = tuple(self.negations)
        key_now, mask_now = key_and_mask(text)
        # (Read for every message after a question about cover: without a negation nothing is taken back,
        # and the walk over every word list of the table is skipped.)
        if _matcher(negations).search(key_now, mask_now) is None:
            return False
        struck = self._taken_back(key_now, mask_now, negations)
        if not struck:
            return False
        key, mask = key_and_mask(before)
        return any(span.label in struck for matcher in self._all_matchers for span in matcher.find(key, mask))

    def _taken_back(self, key: str, mask: Sequence[int], negations: tuple[str, ...]) -> frozenset[str]:
        """The table's words that the text takes back (「プロバイダの障害じゃなくて」: プロバイダの障害)."""
        struck: set[str] = set()
        for matcher in self._all_matchers:
            spans = matcher.find(key, mask)
            kept = _not_taken_back(spans, key, mask, negations)
            struck.update(span.label for span in spans if span not in kept)
        return frozenset(struck)

    def first_answering_when(self, text: str, event_told: bool = False, before: str | None = None) -> Ruling | None:
        """The first ruling the text names that says when something happens (answers_when): 「調査会社は
        いつから動いてくれますか」 names the investigation's costs too, but asks when the firms start.
        ``before``: the question the text asks again (naming_after)."""
        naming = self._naming(text, tuple(self.negations), event_told) if before is None else self.naming_after(before, text, event_told)
        return next((r for r in naming if r.answers_when), None)

    def _first_naming_uncached(self, text: str, event_told: bool) -> Ruling | None:
        """The first ruling (in the file's order) that the text names; but when the question itself
        asks about the support service and the first ruling's words stand only in the story before
        it, the service's ruling answers (see the scopes in Ruling)."""
        negations = tuple(self.negations)
        first = next(self._naming(text, negations, event_told), None)
        if first is None:
            return None
        # The service is asked about after any story (「故意だから保険金は出ないと言われた。サポート
        # だけ使える？」). A cost is not: the excluded item is why its cost is not paid either
        # (「特許侵害で訴えられた。弁護士に相談する費用は？」), so an item told in the story holds.
        if first.scope == "service":
            return first
        premise_end = self._premise_end(text)
        if premise_end is not None and not first.names_item(text[premise_end:], negations):
            # The item stands only in what the asker says they already know (「残業代は出ると聞いたの
            # ですが」), and the question asks of something else too (「院長の手間も」) or names an item of
            # its own (「…と聞いた覚えがありますが、特許だとどうなりますか」): the question is that other
            # thing's, ruled or not.
            rest = text[premise_end:]
            # (an unless of the asked item may be the premise's own word: 「著作権侵害の賠償なら出ると見た気が
            # しますが、特許侵害の場合も補償されますか」 — 特許's ruling gives way to 著作権 in the whole text, not in the question)
            other = next((r for r in self._naming(text, negations, event_told)
                          if r is not first and r.names_item(rest, negations)), None) \
                or next((r for r in self._naming(rest, negations, event_told) if r is not first), None)
            if other is not None or self._asks_of_another_thing(rest):
                return other
        focus = asked_part(text)
        if focus == text or first.names_item(focus, negations):
            return first
        return next((r for r in self._naming(text, negations, event_told) if r is not first and r.scope == "service"
                     and r.names_item(focus, negations)), first)


    def _asks_of_another_thing(self, rest: str) -> bool:
        """「院長の手間も請求できますか」 — not 「これもだめですか」「今回も」, which ask of the case told."""
        return any(not _ends_with(self._case_itself, rest[:m.start() + 1]) for m in _ALSO.finditer(rest))

    def _premise_end(self, text: str) -> int | None:
        """Where the last clause told as already known ends in ``text`` (the offset after its comma:
        「…と聞いたのですが、」), or None."""
        return next((i + 1 for i in range(len(text) - 1, -1, -1)
                     if text[i] in _CLAUSE_COMMAS and _ends_with(self._premise, text[:i])), None)


def _ends_with(matcher: Matcher, text: str) -> bool:
    """Whether a word of ``matcher`` ends ``text`` (「…と聞いたのですが」, 「…これ」)."""
    key, mask = key_and_mask(text)
    return any(span.end == len(key) for span in matcher.find(key, mask))


_CLAUSE_COMMAS = frozenset("、，,")
# 「…も」: the question asks of another thing besides (「院長の手間も請求できますか」).
_ALSO = re.compile(r"[^\sもの]も(?!の|し|う|ら|っと|とも|ちろん)")


# What follows the one who acted (see Ruling.actor_group), on the matcher's key (kana as hiragana); a bracket
# between (「院長（個人でやっとる医院）がな」) is read past.
_ACTOR_AFTER = re.compile(r"(?:さん|ちゃん|くん|君|たち|ら|本人|自身|の子|の人|の方|の者)?(?:[（(][^）)]{0,24}[）)])?(?:が|は|も|による|によって|として|[、,]|って|ったら|"
                          r"でした|だった|です|やった|じゃった|だ(?:と|って)|の(?:仕業|しわざ|犯行|横領|着服|持ち出し|不正|故意|窃盗|詐欺|背任))")

_SUBJECT_PARTICLES = frozenset("がはも")


def _acting(spans: Sequence[Span], key: str) -> list[Span]:
    """The spans that name the one who acted (see Ruling.actor_group)."""
    return [sp for sp in spans
            if (key[sp.start:sp.end].isascii() and not key.startswith(("'s", "’s"), sp.end))
            or (not key[sp.start:sp.end].isascii() and (key[sp.end - 1] in _SUBJECT_PARTICLES or _ACTOR_AFTER.match(key, sp.end)))]


# Two items asked about together: at most this many characters between them, joined by one of these.
JOINED_WITHIN = 14
# ... with at most this many characters between the joiner and either item.
JOINER_REACH = 6
_SENTENCE_END = re.compile(r"[。．.！!？?\n]")


def _not_taken_back(spans: list[Span], key: str, mask: Sequence[int], negations: tuple[str, ...]) -> list[Span]:
    """The spans not followed closely by a negation (「火災などではなく」), nor, in English, preceded by one
    ("a bad update, not an attack")."""
    if not spans or not negations:
        return spans
    rulings = get_rulings()
    negation, before = _matcher(negations), _matcher(tuple(rulings.negations_before))
    topic, likeness = _matcher(tuple(rulings.prevention_after)), _matcher(tuple(rulings.likeness_after))
    topic_reach = TOPIC_WINDOW + max(map(len, rulings.prevention_after), default=0)
    likeness_reach = max(map(len, rulings.likeness_after), default=0)

    def negation_from(end: int) -> int:
        """Where a negation of the word ending at ``end`` may start: past a likeness right after it."""
        like = likeness.search(key, mask, end, min(len(key), end + likeness_reach))
        return like.end if like is not None and like.start == end else end

    return [s for s in spans if negation.search(key, mask, (at := negation_from(s.end)), min(len(key), at + NEGATION_WINDOW)) is None
            and topic.search(key, mask, s.end, min(len(key), s.end + topic_reach)) is None
            and not (key[s.start:s.end].isascii() and before.search(key, mask, max(0, s.start - NEGATION_WINDOW), s.start) is not None)]


@lru_cache(maxsize=256)
def _matcher(words: tuple[str, ...]) -> Matcher:
    return Matcher(words)


@lru_cache(maxsize=1)
def get_rulings() -> Rulings:
    return load_model(PATH, Rulings)


_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?\n]+|$)")
# A question that opens with one of these points back at the sentence before it (「この相談料は…」).
_POINTS_BACK = ("この", "その", "それ", "これ", "こう", "そう", "こういう", "そういう", "this", "that", "it ", "these", "those")


def asked_part(text: str) -> str:
    """The sentence that asks (the last one with a question mark, else the last one), with the
    sentence before it when the question points back at it; the whole text when it is one sentence."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(text) if m.group(0).strip()]
    if len(sentences) < 2:
        return text
    at = next((i for i in range(len(sentences) - 1, -1, -1) if "?" in sentences[i] or "？" in sentences[i]), len(sentences) - 1)
    asked = sentences[at]
    if at > 0 and asked.strip().lower().startswith(_POINTS_BACK):
        return sentences[at - 1] + asked
    return asked

