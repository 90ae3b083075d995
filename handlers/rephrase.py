"""Optional rephrasing of a grounded answer by a language model (CLINIC_BOT_LLM, off by default).

The model only rewords an answer already built from the pamphlet. Its text is rejected — and
the extractive answer sent instead — when it contains any number, amount, date, phone number
or web address that the cited sections do not contain, or when the call fails.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

log = logging.getLogger(__name__)

# Anything that carries a fact: phone numbers, web addresses, and every run of digits (amounts,
# dates, days, percentages). Kanji numerals are turned into digits first by NFKC-free folding below.
FACT_TOKEN = re.compile(r"https?://[A-Za-z0-9./_~%?#=&:+-]+|www\.[A-Za-z0-9./_~%?#=&:+-]+|0\d{1,4}-\d{1,4}-\d{3,4}|\d[\d,.]*")
KANJI_NUMBER = re.compile(r"[〇一二三四五六七八九十百千万億]+(?=[円日年月人名件%％倍割])")

PROMPT = (
    "あなたは医療機関のスタッフに保険パンフレットの内容を説明する窓口担当です。"
    "次の回答を、意味・条件・数字を一切変えずに、短く自然な敬体（です・ます）の日本語に書き直してください。"
    "新しい情報、数字、日付、電話番号、URLを加えてはいけません。書き直した本文だけを出力してください。\n\n回答:\n{answer}"
)


def fact_tokens(text: str) -> set[str]:
    normalized = unicodedata.normalize("NFKC", text)
    tokens = {t.rstrip(".,").replace(",", "") for t in FACT_TOKEN.findall(normalized)}
    tokens |= set(KANJI_NUMBER.findall(normalized))
    return {t for t in tokens if t}


def unsupported_facts(candidate: str, sources_text: str) -> set[str]:
    """Fact tokens of the candidate that appear nowhere in the sources."""
    allowed = unicodedata.normalize("NFKC", sources_text).replace(",", "")
    return {t for t in fact_tokens(candidate) if t not in allowed}


class Rephraser:
    """Wraps a langchain chat model; `rephrase` never returns text with unsupported facts."""

    def __init__(self, model: Any) -> None:
        self.model = model

    def rephrase(self, answer: str, sources_text: str) -> str | None:
        try:
            message = self.model.invoke(PROMPT.format(answer=answer))
        except Exception:  # a model outage must not cost the user the grounded answer
            log.exception("rephrasing failed; sending the extractive answer")
            return None
        candidate = str(getattr(message, "content", message)).strip()
        if not candidate:
            return None
        invented = unsupported_facts(candidate, sources_text + "\n" + answer)
        if invented:
            log.warning("rephrasing rejected: facts not in the sources %s", sorted(invented))
            return None
        return candidate


def build_rephraser(spec: str | None) -> Rephraser | None:
    """From CLINIC_BOT_LLM: empty -> None; "provider:model" -> langchain's init_chat_model.

    ``fake:first answer|second answer`` gives a scripted model, for tests and demos.
    """
    if not spec:
        return None
    if spec.startswith("fake:"):
        from langchain_core.language_models.fake_chat_models import FakeListChatModel

        return Rephraser(FakeListChatModel(responses=spec.removeprefix("fake:").split("|")))
    from langchain.chat_models import init_chat_model  # type: ignore[import-not-found]

    return Rephraser(init_chat_model(spec))
