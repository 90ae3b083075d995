"""English terms of the rulings table stand for their regular inflections."""

from knowledge.inflection import term_forms, with_forms, word_forms


def test_a_word_stands_for_its_regular_forms():
    assert {"refund", "refunds", "refunded", "refunding"} <= word_forms("refund")
    assert {"fines", "fined"} <= word_forms("fine")
    assert {"injuries", "injured"} - word_forms("injury") == {"injured"}  # irregular: written out in the lists
    assert {"stopped", "stopping"} <= word_forms("stop")


def test_forms_that_would_be_other_words_are_not_made():
    assert "feed" not in word_forms("fee")  # an Instagram feed is no fee
    assert word_forms("damages") == {"damages"}  # a plural is not inflected again
    assert word_forms("pc") == {"pc"}  # too short to be a word with forms


def test_a_phrase_inflects_its_first_or_last_word_and_japanese_is_untouched():
    forms = term_forms("negotiate the settlement")
    assert "negotiating the settlement" in forms and "negotiate the settlements" in forms
    assert term_forms("罰金") == ["罰金"]
    assert with_forms(["refund", "罰金", "refund"]).count("refund") == 1
