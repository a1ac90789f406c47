"""newslit.source.article: the seed parsed into passages with stable ids."""
import re

import pytest

from newslit.source.article import Article, count_words, load_article, split_sentences

EXPECTED_IDS = (
    ["H", "TOC"] + [f"P{n}" for n in range(1, 8)] + ["S2", "P8", "S3", "P9", "S4", "Q0"]
    + [f"Q{n}{t}" for n in range(1, 8) for t in "qa"]
)


@pytest.fixture(scope="module")
def article():
    return load_article()


def test_ids_are_stable_and_in_order(article):
    assert article.ids == EXPECTED_IDS


def test_every_non_blank_line_belongs_to_exactly_one_passage(article):
    owners = {}
    for passage in article.passages:
        for line in passage.lines:
            owners.setdefault(line, []).append(passage.id)
    non_blank = [n for n, text in enumerate(article.seed_lines, start=1) if text.strip()]
    assert sorted(owners) == non_blank
    assert all(len(ids) == 1 for ids in owners.values()), {k: v for k, v in owners.items() if len(v) > 1}


def test_each_passage_text_is_its_seed_lines(article):
    for passage in article.passages:
        seed_text = "\n".join(article.seed_lines[passage.line - 1:passage.last_line])
        if passage.speaker:
            assert seed_text == f"{passage.speaker}: {passage.text}"
        else:
            assert seed_text == passage.text


def test_headline_contents_and_headings(article):
    assert article.headline == "North Korean Soldiers in Ukraine: A Story of Confusion and Survival"
    assert len(article.contents) == 4
    assert article.contents[0] == article.headline
    for number, heading in zip((2, 3, 4), ("S2", "S3", "S4")):
        assert article[heading].text == article.contents[number - 1]
        assert article[heading].kind == "heading"
    # TOC item 4 is the interviewer's sixth question: a template fingerprint the lessons use
    assert article["Q6q"].text.lower() == article.contents[3].lower()


def test_turns_per_speaker_match_the_text(article):
    raw_counts = {}
    for line in article.seed_lines:
        match = re.match(r"^(Archyde|Sokil Park): ", line)
        if match:
            raw_counts[match.group(1)] = raw_counts.get(match.group(1), 0) + 1
    assert raw_counts == {"Archyde": 7, "Sokil Park": 7}
    for speaker, count in raw_counts.items():
        assert len(article.turns(speaker)) == count
    assert [t.kind for t in article.turns("Archyde")] == ["question"] * 7
    assert [t.kind for t in article.turns("Sokil Park")] == ["answer"] * 7


def test_pairs_group_a_question_and_its_answer(article):
    assert list(article.pairs) == [f"Q{n}" for n in range(1, 8)]
    question, answer = article.pairs["Q3"]
    assert (question.id, answer.id) == ("Q3q", "Q3a")
    assert question.pair == answer.pair == "Q3"
    assert question.text.startswith("The othre soldier")
    assert article.text("Q3") == f"{question.text}\n{answer.text}"
    assert "Q3" in article and "Q9" not in article


def test_lookups_by_id(article):
    assert article["P3"].text.startswith("Sokil Park, director of Freedom in North Korea")
    assert article["P3"].line == 9
    assert article["Q0"].kind == "qa_intro"
    assert article["Q0"].text.startswith("interview with Sokil Park")
    with pytest.raises(KeyError, match="No passage 'P10'"):
        article["P10"]


def test_sections(article):
    sections = {p.id: p.section for p in article.passages}
    assert {sections[f"P{n}"] for n in range(1, 8)} == {"S1"}
    assert sections["P8"] == "S2" and sections["P9"] == "S3"
    assert {sections[t.id] for t in article.turns()} == {"S4"}


def test_sentences_handle_missing_spaces_and_titles(article):
    assert article.sentence("Q1a.1") == "Thank you for having me."
    assert article.sentence("Q1a.2").startswith("The presence of North Korean soldiers")
    assert article.sentence("Q1q.1") == "Thank you for joining us today, Mr. Park."
    assert article.sentence("Q2q.2").startswith("How common is")
    assert article.sentence("P2.2").endswith("“I want to live in Ukraine.”")
    assert len(article["TOC"].sentences) == 5  # the title line and four items
    with pytest.raises(KeyError):
        article.sentence("P2.9")


def test_sentences_rebuild_each_passage(article):
    for passage in article.passages:
        if passage.kind in ("body", "question", "answer"):
            joined = re.sub(r"\s+", "", "".join(passage.sentences))
            assert joined == re.sub(r"\s+", "", passage.text)


def test_split_sentences_and_count_words():
    assert split_sentences("One. two? Three!”Four") == ["One.", "two?", "Three!”", "Four"]
    assert split_sentences("Dr. Who came.") == ["Dr. Who came."]
    assert count_words("North Korea’s 12,000-strong force, Kim Jong-un.") == 6


def test_passages_frame(article):
    frame = article.passages_frame()
    assert list(frame.index) == EXPECTED_IDS
    columns = {"kind", "section", "line", "last_line", "speaker", "pair", "words", "sentences", "text"}
    assert columns <= set(frame.columns)
    assert frame.loc["P8", "line"] == 15
    assert frame.loc["Q5a", "speaker"] == "Sokil Park"
    assert frame["words"].sum() == sum(p.words for p in article.passages)
    sentences = article.sentences_frame()
    assert sentences.loc["P3.1", "passage"] == "P3"
    assert len(sentences) == frame["sentences"].sum()


def test_parser_rejects_a_text_that_is_not_the_article():
    with pytest.raises(ValueError, match="Table of Contents"):
        Article("just a line\nand another\nand more")
