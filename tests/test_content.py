"""newslit.source.content: the curated tables are consistent with each other and with the article."""
import pytest

from newslit.source import content, privacy
from newslit.source.article import load_article

MINIMUM_ROWS = {"claims": 35, "sources": 15, "viewpoints": 10, "artifacts": 35, "timeline": 20,
                "numbers": 10, "references": 80, "glossary": 10, "debate": 6, "chain": 6, "words": 20,
                "search": 40}


@pytest.fixture(scope="module")
def tables():
    return {name: content.table(name) for name in content.TABLES}


def test_all_tables_validate():
    assert content.validate() == []


@pytest.mark.parametrize("name", content.TABLES)
def test_table_has_its_columns_and_enough_rows(name, tables):
    frame = tables[name]
    assert [frame.index.name, *frame.columns] == content.COLUMNS[name]
    assert frame.index.is_unique
    assert len(frame) >= MINIMUM_ROWS[name]


def test_every_quoted_span_is_verbatim(tables):
    article = load_article()
    for name, (span_column, passage_column) in content.SPANS.items():
        frame = tables[name]
        for row_id, row in frame[frame[span_column] != ""].iterrows():
            assert row[span_column] in article.text(row[passage_column]), (name, row_id)


def test_unsettled_evidence_is_never_settled(tables):
    for name, frame in tables.items():
        if "evidence" in frame:
            assert not ((frame["evidence"] != "R") & (frame["status"] == "settled")).any(), name


def test_every_passage_with_assertions_has_a_claim(tables):
    covered = set(tables["claims"]["passage"])
    for passage in ["H", "TOC", *[f"P{n}" for n in range(1, 10)], "Q0", *[f"Q{n}a" for n in range(1, 7)]]:
        assert passage in covered, passage


def test_key_findings_are_recorded(tables):
    claims = tables["claims"]
    p2 = claims[claims["passage"] == "P2"]
    assert (p2["verdict"] == "corrected").any(), "the 'one ... the other' contrast is corrected"
    p8 = claims[(claims["passage"] == "P8") & claims["quote"].str.contains("decimated")]
    assert not p8.empty and set(p8["verdict"]) <= {"corrected", "partly true"}
    qa = claims[claims["passage"].str.match(r"Q\d")]
    assert qa["categories"].str.contains("unknown_origin").all()
    sources = tables["sources"]
    park = sources[sources["as_printed"].str.contains("Sokil Park", regex=False)]
    assert park["real_name"].str.contains("Sokeel").any()
    assert sources["real_name"].str.contains("Liberty in North Korea").any()
    assert sources["real_name"].str.contains("Institute for the Study of War").any()


def test_the_q_and_a_is_never_attributed_to_the_real_park(tables):
    claims = tables["claims"]
    for _, row in claims[claims["passage"].str.match(r"Q\da")].iterrows():
        assert "Sokil Park" in row["asserted_by"] and "unknown origin" in row["asserted_by"], row["asserted_by"]


def test_slop_blog_label_is_attributed(tables):
    for name, frame in tables.items():
        for _, row in frame.iterrows():
            text = " ".join(str(v) for v in row.values)
            if "slop" in text.lower():
                assert "list" in text.lower() or "blocklist" in text.lower(), (name, text[:120])


def test_student_view_drops_teacher_rows(tables):
    claims = tables["claims"]
    students = content.table("claims", "students")
    assert set(students["audience"]) == {"students"}
    assert len(students) == (claims["audience"] == "students").sum()
    for name in content.TABLES:
        frame = content.table(name, "students")
        for row_id, row in frame.iterrows():
            assert privacy.problems(" ".join(map(str, row.values)), "students") == [], (name, row_id)


def test_viewpoint_shares_are_computed_from_the_article():
    frame = content.viewpoints()
    assert (frame["share"] >= 0).all() and frame["share"].sum() <= 1.5
    absent = frame[frame["presence"] == "absent"]
    assert not absent.empty and (absent["words"] == 0).all()
    assert (frame[frame["presence"] == "quoted"]["words"] > 0).all()


def test_references_cite_outlet_and_url(tables):
    refs = tables["references"]
    assert refs["url"].str.match(r"https?://").all()
    used = set()
    for frame in tables.values():
        if "refs" in frame:
            used |= {r for cell in frame["refs"] for r in content.split_list(cell)}
    assert used <= set(refs.index)


def test_unknown_table_and_audience_are_refused():
    with pytest.raises(KeyError):
        content.table("rumours")
    with pytest.raises(ValueError):
        content.table("claims", "parents")


def test_every_content_csv_has_the_same_number_of_fields_on_every_row():
    """An unquoted comma shifts a row's columns silently; every row must have the header's width."""
    import csv
    import io
    from importlib import resources

    folder = resources.files("newslit").joinpath("content")
    for entry in folder.iterdir():
        if entry.name.endswith(".csv"):
            rows = list(csv.reader(io.StringIO(entry.read_text(encoding="utf-8"))))
            assert {len(row) for row in rows} == {len(rows[0])}, entry.name
