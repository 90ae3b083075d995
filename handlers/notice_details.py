"""The written notice's own items that no triage question asks, read from what staff write.

Section 16 of the pamphlet asks the written notice for the place of the accident, its witnesses,
the content of any damages claim and other insurance held; the draft also names the insured
institution and its address. Staff tell these in passing (「書いとくね。こもれび歯科、宮崎市…。見つけたのは
院長の私」「保険はこのサイバー保険以外に、病院賠償責任保険に入っています」), in labelled lists (「施設名：…
住所：…」) or in a self-introduction (「みなと病院のシステム担当の黒木です」). Each value is kept in the staff's
own words; what a sentence only supposes or asks (「もし患者さんから請求されたら？」) states nothing, and an
institution or an address said of someone else (a vendor, the patient a fax went to) is not the insured's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from knowledge import text as jtext
from knowledge.vocab import vocabulary

_V = vocabulary("notice_details").check(terms=(
    "label_insured", "label_insured_weak", "label_address", "label_place", "label_witnesses", "label_claim", "label_other_insurance",
    "facility_suffixes", "facility_prefixes", "roles", "someone_elses", "person_words", "devices", "place_nouns",
    "unknown_values", "supposing", "conditions", "claimed_things", "claiming", "claim_made", "no_claim", "claimants", "ransom_words", "claim_nouns",
    "nothing_said_yet", "nothing_yet_ends", "holding_particles", "holds", "holds_english", "this_insurance", "insurance_words", "no_other_insurance"),
    patterns=("instead", "copula", "self", "opening"))

NONE = "なし"  # the value of claim and other_insurance when staff said there is none
FIELDS = ("insured", "address", "place", "witnesses", "claim", "other_insurance")
LABELS = {"insured": "label_insured", "address": "label_address", "place": "label_place", "witnesses": "label_witnesses",
          "claim": "label_claim", "other_insurance": "label_other_insurance"}
# A value longer than this is no value but a story: kept in the record's words, not in a notice line.
LONGEST_VALUE = 80
# Characters of a name (「こもれび」「みなと」「ひまわり」「Sunrise」).
NAME_CHARS = r"[一-龥々〆ヵヶぁ-んァ-ヴー・A-Za-z0-9]"
# The grammar of a value's edges (knowledge/lexicon/notice_details.yaml, patterns): words said instead, the copula
# that ends a value, the reporter's words for themself, greetings before a name.
INSTEAD = _V.pattern("instead").pattern
COPULA = _V.pattern("copula").pattern
TAIL = rf"(?:{COPULA}|、|。|\s)+$"
SELF = _V.pattern("self").pattern
OPENING = _V.pattern("opening").pattern


@dataclass
class NoticeDetails:
    """What one message says for the notice's own items; None = nothing said."""

    insured: str | None = None
    address: str | None = None
    place: str | None = None
    witnesses: str | None = None
    claim: str | None = None  # NONE, or the claim in the staff's words
    other_insurance: str | None = None  # NONE, or the cover named

    def said(self) -> list[str]:
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]


@lru_cache(maxsize=None)
def _alternation(name: str) -> str:
    """A term list as one alternation, longest first (built once: the reader asks for them on every message)."""
    words = sorted(_V.terms(name).natural.values(), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _grammar() -> dict[str, re.Pattern[str]]:
    labels = "|".join(f"(?P<{field}>{_alternation(LABELS[field])})" for field in FIELDS)
    suffix, prefix, roles = _alternation("facility_suffixes"), _alternation("facility_prefixes"), _alternation("roles")
    name = (rf"[『「]?(?:(?:{prefix})\s?{NAME_CHARS}{{1,12}}?会?\s?)?"
            rf"(?:(?:{prefix})\s?{NAME_CHARS}{{1,12}}|{NAME_CHARS}{{1,12}}?(?:{suffix}|・{NAME_CHARS}{{1,6}}?科)+(?:\s?{NAME_CHARS}{{1,6}}店)?)[』」]?")
    english = r"(?:[A-Z][A-Za-z'&-]+\s){1,4}(?:Clinic|Hospital|Dental(?:\sClinic|\sOffice)?|Pharmacy|Medical Center|Care Home|Nursing Home|Home)\b"
    nouns, devices = _alternation("place_nouns"), _alternation("devices")
    return {
        # 「住所：」「発見者は」: a label, then its value up to the next label or the end of the sentence. An English
        # label takes a colon (「No claim against us」 labels nothing).
        "label": re.compile(rf"(?<![{NAME_CHARS[1:-1].replace('・', '')}])(?:{labels})\s*(?:[:：=＝】\]]|→|(?<=[^A-Za-z\s])(?:は|\s))\s*", re.IGNORECASE),
        "weak_label": re.compile(rf"(?:{_alternation('label_insured_weak')})\s*(?:は|[:：]|、|\sis)?\s*[「『\"']?$", re.IGNORECASE),
        "weak_label_first": re.compile(rf"^\s*(?:{_alternation('label_insured_weak')})\s*(?:は|[:：]|、|\sis)?\s*", re.IGNORECASE),
        "name": re.compile(rf"{name}|{english}"),
        "generic": re.compile(rf"の(?:{suffix})$"),  # 「宮崎市の病院」 names no institution
        # 「みなと病院のシステム担当の黒木です」「こちら、こもれび歯科です」「…かわばた耳鼻咽喉科や」
        "introduces": re.compile(rf"^\s*(?:\(\S*?\)|（\S*?）)?\s*(?:(?:の\s*|\s)?(?:{roles})|です|でございます|と申します|や|じゃ|だ|っちゃ|ばい|"
                                 rf"に(?:あります|ある)|の者|勤務|(?:で|に)[^。、]{{0,10}}?(?:働い|勤め|勤務|して(?:い|お)ます|しとる|しちょる|しよる)"
                                 rf"|、|,|\.|。|！|\)|）|\s|$|\shere\b)"),
        "we_are": re.compile(r"(?:こちら|当院|弊院|当施設|うち|私ども|わたくしども|this is|we are|we're|at|from|work at|work for)(?:は|、|\s|\(|（)*\s*$", re.IGNORECASE),
        # 「都城市上長飯町12-3の『ながい内科』」「えびの市の、えびの高原クリニック」: where it is, before its name
        "place_first": re.compile(r"(?:[一-龥ヶ々ぁ-んァ-ヴー]{1,8}(?:市|町|村|郡)[^。、]{0,16}?(?:\d+(?:-\d+)*)?の[、\s]*)$"),
        "address": re.compile(
            r"(?:〒?\s?\d{3}-\d{4}\s*)?(?:(?:宮崎県|北海道|東京都|京都府|大阪府|[一-龥]{2,3}県)\s?)?"
            r"(?:(?![はがをでとも])[一-龥ヶ々ぁ-んァ-ヴー]){1,8}?(?:市|郡|町|村)[一-龥ヶ々ぁ-んァ-ヴーA-Za-z○〇◯△□×\s]{0,16}?"
            r"\d+(?:\s?(?:丁目|番地|番|号|-|の)\s?\d+)*(?:\s?(?:番地|番|号))?"
            r"|\d+(?:-\d+){1,3}\s[A-Z][a-z]+(?:-(?:cho|machi))?(?:,\s?[A-Z][a-z]+(?:\s(?:City|Town|cho))?){0,2}"),
        # 「原田3080番地」 said to correct an address: a part of one
        "address_part": re.compile(r"[一-龥ヶ々ぁ-んァ-ヴー]{1,8}?\d+(?:\s?(?:丁目|番地|番|号|-|の)\s?\d+)*(?:\s?(?:番地|番|号))?"),
        "our_address": re.compile(r"(?:当院|うち|こちら|弊院|当施設|our)(?:の)?(?:住所|所在地|address)?(?:は|、|:|\s)*\s*$", re.IGNORECASE),
        "noticing": re.compile(r"(?:見つけ|見付け|気づい|気付い|きづい|気がつい|発見し|目撃し)(?:て(?:くれ|もらっ))?た(?:の|ん|と|[^、。はがをにで]{1,5}?)?(?:は|わ|が|も)\s*"
                               r"|(?:最初に見た|第一発見者)(?:の|ん|と)?(?:は|わ|が|も)\s*"),
        "noticed": re.compile(r"(?:見つけ(?:た|て|まし)|見付け(?:た|て|まし)|気づ(?:いた|いて|き(?:まし))|気付(?:いた|いて|き(?:まし))"
                              r"|気がつ(?:いた|いて|き(?:まし))|発見し(?:た|て|まし)|発見(?=[。、,]|$)|目撃し(?:た|て|まし))"),
        "noticed_english": re.compile(r"((?:(?:Nurse|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|our|the|a|one of our)\s)?(?:[A-Za-z.-]+\s){0,3}?[A-Z][a-z]+)"
                                      r",?\s(?:(?:first|was the first to)\s)?(?:spotted|noticed|notice|found|discovered|saw)\b"),
        "told_us_en": re.compile(r"\bwho (?:told|found|noticed|saw|reported|spotted)[^.]{0,30}? is\s((?:(?:Mr|Mrs|Ms|Dr)\.?\s)?[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)"),
        "found_by": re.compile(r"\b(?:found|discovered|noticed|spotted|reported) by\s((?:[A-Za-z.]+\s?){1,4})", re.IGNORECASE),
        "found_or_lost": re.compile(r"で[^。、]{0,14}?(?:見つけ|見付け|発見|気づ|気付|気がつ|落と|紛失|なくし|無くし|失くし|盗ま|置き忘れ|忘れ|異音|確認し"
                                    r"|使って|作業|操作|発生|起き|開い|クリック|受信|印刷|送信|送っ|表示|出て|鳴って|止ま|盗難|被害)"
                                    r"|に(?:戻って|着いて|帰って|戻った|着いた)[^。、]{0,8}?(?:気づ|気付|気がつ)"
                                    r"|から[^。、]{0,8}?(?:盗まれ|盗られ|なくなっ|無くなっ|消え|持ち出さ|持ち去ら|抜き取ら)"
                                    r"|(?:(?<=途中)|(?<=移動中))に[^。、]{0,8}?(?:落と|なくし|無くし|紛失|盗ま)"),
        "left_at": re.compile(r"に[^。、]{0,12}?(?:置き忘れ|忘れて|忘れた|忘れてき|置いたまま|置きっぱなし|置いとった|置いていた|置いてい|置いてあった|保管して|持ち帰っ|あった|ある|設置|しまって|入れて)"),
        "place_phrase": re.compile(rf"(?:{nouns})(?:\([^)]*\)|（[^）]*）)?(?:の中|の前|の横|の上|の下|内)?(?:の(?:{devices}))?$", re.IGNORECASE),
        "device_at": re.compile(rf"((?:[一-龥ァ-ヴー0-9]{{1,6}}の)?(?:{nouns})(?:にある|の)[^の、。]{{0,4}}?(?:{devices}))"),
        "english_place": re.compile(r"\b(?:in|at|on|from) (?:the|our|my|a|an) ((?:[A-Za-z-]+\s){0,4}(?:room|office|counter|desk|reception|ward|station|car|train|"
                                    r"bus|taxi|lobby|hall|storeroom|parking lot|car park|home|house|restaurant|bar|cafe|pharmacy))\b", re.IGNORECASE),
        "tail": re.compile(TAIL),
        # 「…の看護師長の黒木です」「事務の押川です」: who writes, by role and name
        "reporter": re.compile(rf"(?:^|の|\s|』|」)((?:{roles})(?:の|\s)?{NAME_CHARS}{{1,5}}?)(?:です|と申します|でございます)"),
    }


def _sentences(text: str) -> list[str]:
    # (not after a title: "Mrs. Kai")
    return [s for s in re.split(r"(?<=[。！!？?])|(?<!Mr\.)(?<!Mrs\.)(?<!Ms\.)(?<!Dr\.)(?<=\.)\s|／|/(?!\d)", text) if s.strip()]


def _supposes(sentence: str) -> bool:
    return _V.has("supposing", sentence)


def _unsure(sentence: str) -> bool:
    """Asked or wondered (「請求はないかな？」): no answer for the notice."""
    return _supposes(sentence) or "かな" in sentence


def _clean(value: str) -> str | None:
    value = re.split(INSTEAD, value)[-1]  # 「見つけたのは私じゃなくて看護師の田中です」: the one said instead
    value = _grammar()["tail"].sub("", value.strip(" 、,。:：【】[]")).strip(" 、,.【】[]")
    if not value or len(value) > LONGEST_VALUE or _V.has("unknown_values", value):
        return None
    return value


def _none_said(value: str) -> bool:
    return re.match(r"\s*(?:今のところ|現時点で|現在|特に|まだ|は|何も|なにも)*\s*(?:なし|無し|ない|ありません|ございません|まだ|none|no\b|nothing"
                    r"|(?:来|き|受け|され|届い)て(?:い|お)?(?:ない|ません|らん))", value, re.IGNORECASE) is not None


def _labelled(text: str) -> dict[str, str]:
    """「施設名：こもれび歯科 住所：宮崎市… 発見者：院長」: each label's value runs to the next label or the
    sentence's end. A label said of someone else (「患者さんの住所は」) labels nothing of the clinic's."""
    found: dict[str, str] = {}
    for sentence in _sentences(text):
        marks = [m for m in _grammar()["label"].finditer(sentence)
                 if not re.search(r"の\s*$", sentence[:m.start()]) or re.search(r"(?:当院|うち|こちら|弊院|当施設)の\s*$", sentence[:m.start()])]
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(sentence)
            value = sentence[m.end():end]
            field = next(f for f in FIELDS if m.group(f))
            if field in ("claim", "other_insurance"):
                if _unsure(sentence):
                    continue
                if _none_said(value) or (field == "claim" and _no_claim(sentence)) or (field == "other_insurance" and _no_other(sentence)):
                    found[field] = NONE
                    continue
                if _V.has("conditions", sentence):
                    continue
            if field == "other_insurance":
                value = re.split(r"(?:に|にも)(?:加入|入って|入っとる|入っちょる)", value)[0]
            if field == "insured" and not re.search(r"名|name", m.group(0), re.IGNORECASE) and not _grammar()["name"].match(value.strip()):
                continue  # 「名称」 is a label; 「施設」 alone labels only a name
            cleaned = _clean(value)
            if cleaned:
                found[field] = cleaned
    return found


def _insured(text: str) -> tuple[str | None, int | None]:
    """The institution's name where staff introduce it as their own, with where it ends in the text."""
    g = _grammar()
    for m in g["name"].finditer(text):
        name = m.group(0)
        # 「送り先は近くのさくら内科医院」「うちはみなと病院」: a topic before the name is no part of it (a は after a
        # noun or a word of pointing; 「こはる内科」 keeps its は)
        topic = re.match(r".*(?:[一-龥ァ-ヴー]|うち|こちら|ここ)(?:は|を)", name)
        start = m.start() + (topic.end() if topic else 0)
        name = text[start:m.end()].strip("『』「」\"' ")
        if (own := re.search(rf"の(?:者|もの|\s*(?:{_alternation('roles')})(?=です|でございます|$))", name)) is not None:
            # 「訪問看護ステーションの者だけんど」「…のぞみの看護師です」: the speaker's own words run on after the
            # name; a kind of place alone names no institution
            name = name[:own.start()]
            if re.fullmatch(rf"(?:{_alternation('facility_prefixes')}|{_alternation('facility_suffixes')})", name):
                continue
        if not name or re.search(r"(?:た|て|る)(?:と|の|ん)?(?:は|が|を)", name) or re.match(rf"(?:{_alternation('someone_elses')})", name):
            continue  # 「見つけたとは歯科衛生士の…」 runs a clause into a name
        before, after = text[:start], text[m.end():]
        if re.search(rf"(?:{_alternation('someone_elses')})\s*$", before) or g["generic"].search(name):
            continue
        opening = before[max(before.rfind(c) for c in "。！？!?") + 1:]
        # (「施設は宮崎県都城市○○町1-2、介護老人保健施設さくらの里です」: a label and the address before the name)
        bare = g["address"].sub("", g["weak_label_first"].sub("", opening, count=1))
        bare = re.sub(r"^(?:の)?(?:住所|所在地)(?:は|:|：)?", "", bare.strip()).strip("「『\"' ")
        at_start = re.fullmatch(OPENING, bare) is not None or g["place_first"].search(opening) is not None
        if (at_start or g["we_are"].search(before) or g["weak_label"].search(before)) and g["introduces"].match(after.lstrip("\"'」』")):
            return _clean(name), m.end()
    return None, None


def _address(text: str, insured_end: int | None, held: str | None) -> str | None:
    """The institution's address: said beside its name, or where the message speaks of its address (「住所まちがえました。
    今は宮崎市大橋2丁目8-15です」); a part said instead of a part of the address held corrects that part."""
    g = _grammar()
    ours = re.search(r"住所|所在地|address|にあります", text, re.IGNORECASE) and not re.search(
        r"(?:患者|利用者|相手|宛先|送り先|送付先|家族|様|さん|業者|会社|自宅|犯人|元職員)(?:の|は)?\s*(?:住所|所在地|自宅)", text)
    instead = re.split(INSTEAD, text)
    said = instead[-1] if len(instead) > 1 else text
    offset = len(text) - len(said)
    for m in g["address"].finditer(said):
        start = m.start() + offset
        between = text[insured_end:start] if insured_end is not None else ""
        near_name = insured_end is not None and (0 <= start - insured_end <= 24 and not re.search(r"[。！？!?].*\S", between)
                                                 or 0 <= insured_end - start <= 60 and re.match(r"\s?(?:の|、|,)\s?[「『]?", text[start + len(m.group(0)):]) is not None)
        if near_name or ours or g["our_address"].search(text[:start]):
            return _completed(_clean(m.group(0)), held)
    if held and len(instead) > 1 and (part := g["address_part"].search(said)):
        return _completed(_clean(part.group(0)), held)
    return None


def _completed(address: str | None, held: str | None) -> str | None:
    """「原田3000番地ではなく原田3080番地でした」: a part said to correct the address held, completed from the word
    both share (the city and the rest said before stay)."""
    stem = re.match(r"[^\d]+", address or "")
    if address is None or not held or stem is None or held.startswith(stem.group(0)) or stem.group(0) not in held:
        return address
    return held[:held.index(stem.group(0))] + address


def _person(phrase: str) -> str | None:
    """A witness phrase if it names a person (「当直の山下先生」「院長の私(藤井)」), else None (a moment, a place,
    a machine). The person ends where what they did begins (「当直の山下先生が…気づいて」)."""
    phrase = _grammar()["tail"].sub("", phrase.strip(" 、,"))
    # (「今夜20時半ごろ娘さんの電話で」: the moment said first is no part of the person, and the one whose call told
    # of it is the one who saw it)
    phrase = re.sub(r"^(?:今夜|今朝|昨夜|昨日|今日|本日|先ほど|さっき)?\s?(?:\d+時(?:\d+分|半)?|\d+:\d+)?\s?(?:ごろ|頃)?\s?(?:に|の)?\s*", "", phrase)
    means = re.match(rf"(.+?(?:{_alternation('person_words')}))(?:の|から|からの)\s?お?(?:電話|連絡|メール|LINE|知らせ|指摘|話)(?:で|です|でした)?$", phrase)
    if means:
        phrase = means.group(1)
    bare = re.sub(r"\([^)]*\)|（[^）]*）", "", phrase)
    if not phrase or re.match(r"\d", phrase) or not _V.has("person_words", bare):
        return None
    cut = re.match(rf"(.*?(?:{_alternation('person_words')})(?:\([^)]*\)|（[^）]*）)?)(?:が|は|に|で|を|と|も)", phrase)
    if cut:
        phrase = cut.group(1)
    elif _grammar()["place_phrase"].search(bare) and not re.search(rf"(?:{_alternation('person_words')})$", bare):
        return None  # 「受付裏の事務室のPC」 is where, not who
    return _clean(phrase)


def _witnesses(text: str) -> tuple[str | None, str | None]:
    """Who found or saw it (「見つけたのは院長の私」「当直の山下先生が…異音に気づいて」; several are listed), and a
    place said beside (「見つけたのは今朝、受付裏の事務室のPC」)."""
    g = _grammar()
    who: list[str] = []
    place = None
    for sentence in _sentences(text):
        if _supposes(sentence):
            continue
        m = g["noticing"].search(sentence)
        if m:
            parts = re.split(r"[、,]", re.split(INSTEAD, re.split(r"[。]", sentence[m.end():])[0])[-1])
            for i, part in enumerate(parts):
                if (person := _person(part)) is not None:
                    who.append(person)
                elif who and i and re.fullmatch(rf"\s*{NAME_CHARS}{{1,6}}?(?:{COPULA})*\s*", part) and _person(parts[i - 1]):
                    who[-1] += f"、{_clean(part)}"  # 「事務長の私、甲斐です」: the name said after the role
                elif place is None and g["place_phrase"].search(part.strip()):
                    place = _clean(part)
        for found in g["noticed"].finditer(sentence):
            segment = re.split(r"[、。,]", sentence[:found.start()])[-1]
            subject = re.search(r"([^をにで]{1,16}?)(?:が|は)[^がは]*$", segment)
            if subject and (person := _person(subject.group(1))) is not None:
                who.append(person)
        for english in [*g["noticed_english"].finditer(sentence), *g["found_by"].finditer(sentence), *g["told_us_en"].finditer(sentence)]:
            person = english.group(1).strip()
            if not re.match(r"(?:I|We|It|This|That|They|He|She|Nobody|No one)\b", person):
                who.append(_clean(re.sub(r"^(?:our|the|a|one of our)\s", "", person)) or person)
    who = [w for i, w in enumerate(who) if w not in who[:i] and not any(w in other and w != other for other in who)]
    return ("、".join(who[:3]) if who else None), place


def _place(text: str) -> str | None:
    """Where it was found or lost (「サーバー室(1階 医事課奥)で異音に気づいて」「帰りの電車に置き忘れ」「レントゲン室のPCよ」)."""
    g = _grammar()
    for sentence in _sentences(text):
        if _supposes(sentence):
            continue
        for m in [*g["found_or_lost"].finditer(sentence), *g["left_at"].finditer(sentence)]:
            phrase = re.split(r"[、。,]|(?<=[^の])(?:が|は|を|も)|(?:ごろ|頃|時|分|日)(?:に)?", sentence[:m.start()])[-1].strip()
            if phrase and g["place_phrase"].search(phrase):
                return _clean(phrase)
        bare = _clean(sentence)
        if bare and len(bare) <= 24 and g["place_phrase"].search(bare) and not _V.has("person_words", bare) \
                and not g["label"].search(bare) and not g["name"].search(bare):
            return bare  # 「レントゲン室のPCよ。」 answers where, alone
        if english := g["english_place"].search(sentence):
            return english.group(1)
    for sentence in _sentences(text):
        if not _supposes(sentence) and (m := g["device_at"].search(sentence)):
            return m.group(1)  # 「受付のパソコンに警告が出ていた」: the machine's place
    return None


def _no_claim(sentence: str) -> bool:
    nouns, ends = _alternation("claim_nouns"), _alternation("nothing_yet_ends")
    return _V.has("no_claim", sentence) or re.search(
        rf"(?:{nouns})(?:は|も|や脅迫は|等は|などは|とかは|とかも|なんかは)[^。]{{0,12}}?(?:なし|無し|ありません|ございません|ない(?!か)|なか(?!な)|ねえ"
        rf"|(?:来|き|受け|され|届い)(?:て(?:い|お)?|ちょ|と)?(?:{ends}))",
        sentence) is not None or re.search(r"\b(?:nobody|no one|no-one)\b[^.]{0,30}\b(?:claim|compensation|damages)|\bno\b[^.]{0,20}\bclaims?\b", sentence,
                                           re.IGNORECASE) is not None


def _claim(text: str) -> str | None:
    """NONE when staff say no claim has come; the claim in their words when one has."""
    claimants = _alternation("claimants")
    for sentence in _sentences(text):
        if _no_claim(sentence) and not _unsure(sentence):
            return NONE
        if re.search(rf"(?:{claimants})[^。]{{0,8}}?から[^。]{{0,6}}?(?:{_alternation('nothing_said_yet')})[^。]{{0,8}}?(?:{_alternation('nothing_yet_ends')})",
                     sentence) and not _supposes(sentence) and not _V.has("conditions", sentence):
            return NONE
    sentences = _sentences(text)
    for i, sentence in enumerate(sentences):
        if _supposes(sentence) or _V.has("conditions", sentence) or re.search(r"保険金|請求書の", sentence) or _V.has("ransom_words", sentence):
            continue
        demanded = re.search(rf"(?:{_alternation('claimed_things')})[^。]{{0,10}}?(?:{_alternation('claiming')})", sentence, re.IGNORECASE)
        # (who claims may be said in the sentence before: 「ご家族から手紙が届きました。慰謝料として…万円を求める内容です」)
        before = sentences[i - 1] if i and re.search(claimants, sentences[i - 1], re.IGNORECASE) and not _unsure(sentences[i - 1]) else ""
        if demanded and not re.search(claimants, sentence, re.IGNORECASE) and before:
            return f"{_clean(before) or before.strip()}。{_clean(sentence) or sentence.strip()}"
        if (demanded and re.search(claimants, sentence, re.IGNORECASE)) or _V.has("claim_made", sentence):
            # (from the clause that names who claims: 「流出をお知らせしたところ、お一人から…請求が届いております」)
            clauses = re.split(r"(?<=[、,])", sentence)
            start = next((n for n, c in enumerate(clauses) if re.search(claimants, c, re.IGNORECASE) and "から" in c), 0)
            claim = _clean("".join(clauses[start:])) or sentence[:LONGEST_VALUE]
            # (「…内容証明が届きました。慰謝料として…万円を請求する内容です」: what is claimed, said next)
            after = sentences[i + 1] if i + 1 < len(sentences) else ""
            if after and re.search(rf"\d[\d,]*万?円|(?:{_alternation('claimed_things')})", after) and not _unsure(after):
                claim = f"{claim}。{_clean(after) or after.strip()}"
            return claim
    return None


def _no_other(sentence: str) -> bool:
    return _V.has("no_other_insurance", sentence) or re.search(r"保険は[^。]{0,8}?(?:これ|この保険|サイバー保険|この一本)(?:だけ|のみ|しか)", sentence) is not None \
        or re.search(
        rf"(?:他|ほか|別)(?:の保険|の共済)?(?:は|には|に|も)?[^。]{{0,6}}?(?:入っ|加入し|契約し|入っと|入っちょ|はいっ)[^。]{{0,4}}?"
        rf"(?:{_alternation('nothing_yet_ends')}|てない|てへん|ちょらん|とらん)", sentence) is not None or re.search(
        r"\b(?:don't|do not|doesn't|does not)\s+(?:have|hold|carry)\s+(?:any\s+)?other\s+(?:insurance|polic|cover)", sentence, re.IGNORECASE) is not None


def _other_insurance(text: str) -> str | None:
    """NONE when staff say this is the only cover; the other cover's name when they hold one."""
    for sentence in _sentences(text):
        if _no_other(sentence) and not _unsure(sentence):
            return NONE
    # (「…建物更生共済に盗難も入っちょるはず」: a few words between the particle and the verb)
    insurance, holds = _alternation("insurance_words"), rf"(?:{_alternation('holding_particles')})\s*(?:[^。、？?]{{0,6}}?)(?:{_alternation('holds')})"
    for sentence in _sentences(text):
        if _supposes(sentence) or _V.has("conditions", sentence):
            continue
        for m in [*re.finditer(rf"([『「]?{NAME_CHARS}{{0,16}}?(?:{insurance})[』」]?(?:\([^)]*\)|（[^）]*）)?)\s*{holds}", sentence, re.IGNORECASE),
                  *re.finditer(rf"(?:{_alternation('holds_english')})\s((?:[a-z-]+\s){{0,4}}(?:insurance|policy|cover)(?:\s(?:with|from|through)\s[^.,;]+)*)",
                               sentence, re.IGNORECASE)]:
            named = re.split(r"[、,]|以外に|のほかに|とは別に|ほかには|ほかに|他に|とは別で|は", m.group(1))[-1].strip()
            if named and not _V.has("this_insurance", named) and named not in ("保険", "共済", "insurance", "cover", "policy"):
                return _clean(named)
    return None


def _claim_corrected(text: str, held: str | None) -> str | None:
    """「請求額は…万円ではなく…万円でございました」: the sum in the claim held, replaced by the one said instead."""
    if not held:
        return None
    for m in re.finditer(rf"(\d[\d,]*万?円)\s?(?:{INSTEAD})\s?(\d[\d,]*万?円)", text):
        if m.group(1) in held:
            return held.replace(m.group(1), m.group(2))
    return None


def read(text: str, held_address: str | None = None, held_claim: str | None = None) -> NoticeDetails:
    """Every notice item ``text`` tells, each in the staff's own words; ``held_address`` is the address the
    record holds, which a part said instead corrects."""
    text = jtext.normalize(text)
    labelled = _labelled(text)
    insured, insured_end = _insured(text)
    witnesses, place_beside = _witnesses(text)
    if witnesses and (named := re.search(rf"(?:お名前|名前)は\s?({NAME_CHARS}{{1,6}}?(?:さん|様|氏)?)(?:です|でした|。|、|$)", text)) \
            and named.group(1) not in witnesses:
        witnesses += f"（{named.group(1)}）"  # 「…新聞配達の方からのお電話です。お名前は山下様」
    if witnesses and (reporter := _grammar()["reporter"].search(text)) and re.fullmatch(SELF, re.sub(r"^.*の", "", witnesses)):
        witnesses = f"{reporter.group(1)}（ご報告者）"  # 「こちら、くろき眼科の看護師長の黒木です。…気づいたのも私です」
    return NoticeDetails(
        insured=labelled.get("insured") or insured,
        address=labelled.get("address") or _address(text, insured_end, held_address),
        place=labelled.get("place") or place_beside or _place(text),
        witnesses=labelled.get("witnesses") or witnesses,
        claim=labelled.get("claim") or _claim_corrected(text, held_claim) or _claim(text),
        other_insurance=labelled.get("other_insurance") or _other_insurance(text),
    )
