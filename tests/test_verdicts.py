"""handlers.verdicts: which questions a verdict answers, and which verdict a statement gives."""

from __future__ import annotations

import pytest

from handlers.verdicts import asks_for_a_verdict, exclusion_naming, falls_under_the_exception, verdict_of
from knowledge.chunks import all_chunks


@pytest.mark.parametrize("question", [
    "特許で訴えられたら？",  # a bare hypothetical
    "壊されたシステムの修理代は？",  # naming a cost
    "弁護士費用とか裁判の費用もでる？",  # でる in kana
    "理事長が謝罪会見する時の費用はどうなる？",
    "その相談料は自腹？",  # out of one's own pocket is a yes/no about payment
    "先に患者さんに払っちゃったけど大丈夫？",
    "ほけんきんが でないなら、さぽーとも たのめませんか",
    "Is the lawyer's fee claimable?",
    "Can we use the support service?",
    "何人かから賠償を請求されてるんだけど、これ保険で出る？",  # the question word is the story's
    "どこから入られたか調べたいのですが、その調査費用は補償されますか？",
    # a dialect's own ending: a question mark or tag, no question word, the cover named in the last clause
    "ウォレットから全部抜かれてもうた。保険で戻るん？",
    "見積もりを安く出しすぎた。差額は保険で埋まる？",
    "知的財産はダメって聞いたさ。これも保険出ないばー？",
    "お詫びなどの対応費用は保険で出ますか？",  # など+の is no どの
    "何卒よろしくお願いします。謝罪文の費用は補償されますか",  # 何卒 is no 何
    "Isn't missing a deadline excluded?",
    "看護師がわざとカルテを改ざんした件、法人としての保険も消える？",  # the cover lost
    "この保険って示談代行ついとる？",  # comes with the insurance
    "Since she committed fraud, has the clinic lost its cover?",
    # a request to be told whether: the embedded か is the question
    "USBをなくした場合も補償されるか教えてもらえますか",
    "対象になるかどうか知りたいです",
])
def test_questions_that_a_verdict_answers(question):
    assert asks_for_a_verdict(question)


@pytest.mark.parametrize("question", [
    "保険料はいくらですか",
    "医師会に入ってないとダメなんですか？",  # yes/no, but not about payment
    "どんな場合に保険金が支払われますか",  # asks which cases, not whether
    "もっと大きい補償額にしたい場合はどうすれば",
    "患者さんの情報ちょっとしか持ってないけど個人情報保護法の対象になる？",  # whether a law applies
    "パスワードは何文字なら大丈夫？",  # 何 asks how many
    "ウイルスに感染したけど、何をすれば補償されますか？",  # asked after the story: what to do
    "今回の件で保険使ったら、来年の保険料あがる？",  # the last clause asks about the premium
    "緊急時サポートの業者代が、うちの保険金額より高くなったらどうなるん？",  # a consequence, not yes/no
    "A patient signed nothing yet, but the insurer was told late. Does that affect our claim?",
    "保険証は返す？",  # 保険証 is not the insurance
    # about the contract, not whether it pays (an independent review found these answered with a verdict)
    "保険は院長が替わっても引き継げるっけ？",
    "補償内容は去年と同じかな？",
    "保険は加入者証に書いた施設だけ？",
    "みんなどの保険で入ってるんだろ？",  # みんな+どの asks which
    # a request to be told something: its もらえますか is politeness, not a yes/no about payment
    "補償の中身をざっと教えてもらえますか",
    "加入の手続きについて教えていただけますか？",
])
def test_questions_that_a_verdict_does_not_answer(question):
    assert not asks_for_a_verdict(question)


def _chunk(starting: str):
    return next(c for c in all_chunks() if c.text.startswith(starting))


def test_an_exclusion_item_gives_excluded_and_its_exception_excepted():
    item = _chunk("⑥ 知的財産権の侵害")
    assert verdict_of("特許侵害で訴えられたら補償されますか", item) == "excluded"
    assert verdict_of("著作権侵害で訴えられたら補償されますか", item) == "excepted"
    assert falls_under_the_exception("紙カルテをなくして漏えいした場合って対象？", _chunk("④ 他人の身体の障害").quotable)


def test_the_exclusion_naming_a_subject():
    assert exclusion_naming("院長が故意に起こした事故は補償されますか").text.startswith("① 保険契約者または被保険者の故意")
    assert exclusion_naming("新聞にお詫び広告出したら費用出ますか") is None
    assert exclusion_naming("理事長の個人情報がもれた時の対応費用は？").text.startswith("② 記名被保険者の役員")
    assert exclusion_naming("理事長が起こした事故も補償されますか") is None
