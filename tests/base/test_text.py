from __future__ import annotations

from consortium.text import chunk_passages, clean, split_sentences


def test_sentences_do_not_split_at_abbreviations() -> None:
    text = "The goal No. 2 is met. Tools, e.g. The Hague ones, work. Smith et al. Agree. Done."
    assert split_sentences(text) == [
        "The goal No. 2 is met.", "Tools, e.g. The Hague ones, work.",
        "Smith et al. Agree.", "Done."]


def test_passages_keep_paragraphs_apart_and_respect_the_word_limit() -> None:
    one = " ".join(f"Sentence number {i} is here." for i in range(30))
    passages = chunk_passages(f"{one}\n\nA second paragraph.", max_words=25)
    assert passages[-1] == "A second paragraph."
    assert all(len(p.split()) <= 25 for p in passages)
    assert " ".join(passages[:-1]) == one


def test_overlong_sentence_is_cut_at_word_boundaries() -> None:
    words = " ".join(["word"] * 50)
    assert [len(p.split()) for p in chunk_passages(words, max_words=20)] == [20, 20, 10]


def test_clean_drops_control_characters_and_folds_spaces() -> None:
    assert clean("a\x00b \t c\r\n\u00a0d ") == "a b c\nd"
