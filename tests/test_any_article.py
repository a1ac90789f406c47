"""Tests for newslit.source.any_article: the practice articles against golden files, and every bad input.

The golden files (tests/golden/any_article/<name>.json) hold the findings in a compact form (passage,
span, kind, and a quote's speaker). They were generated once and then read line by line against the
article and its teacher note; where a finding was wrong the code was fixed, not the file. To
regenerate after a deliberate change to the rules, and then review the diff by eye:

    .venv/bin/python tests/test_any_article.py --regenerate
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from newslit.source import any_article as aa  # noqa: E402

ARTICLES = ROOT / "articles"
GOLDEN = Path(__file__).resolve().parent / "golden" / "any_article"
PRACTICE = ("cycle-lane", "science-fair")


def compact(analysis: aa.Analysis) -> dict:
    """The findings as the golden files keep them."""
    return {
        "quotes": [{"passage": f.passage, "span": f.span, "speaker": f.detail["speaker"],
                    "speaker_kind": f.detail["speaker_kind"], "refers_to": f.detail.get("refers_to")}
                   for f in analysis.quotes],
        "hedges": [[f.passage, f.span, f.kind] for f in analysis.hedges],
        "numbers": [[f.passage, f.span, f.kind] for f in analysis.numbers],
        "names": [[f.passage, f.span, f.kind] for f in analysis.names],
        "not_said": [[f.passage, f.span, f.kind] for f in analysis.not_said],
    }


def practice(name: str) -> aa.AnyArticle:
    return aa.load(ARTICLES / f"{name}.md")


# ---------------------------------------------------------------------------------------------- practice


@pytest.mark.parametrize("name", PRACTICE)
def test_practice_article_matches_golden(name):
    article = practice(name)
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert article.metadata() == golden["metadata"]
    assert article.ids == golden["ids"]
    assert compact(aa.analyse(article)) == golden["findings"]


@pytest.mark.parametrize("name", PRACTICE)
def test_practice_article_is_marked_invented_and_the_right_length(name):
    for suffix in (".md", ".teacher.md", ".sources.md"):
        first = (ARTICLES / f"{name}{suffix}").read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("INVENTED FOR PRACTICE:")
    article = practice(name)
    assert article.practice_note.startswith("INVENTED FOR PRACTICE")
    assert 300 <= article.words <= 600


@pytest.mark.parametrize("name", PRACTICE)
def test_every_finding_is_an_exact_span_of_its_passage(name):
    article = practice(name)
    analysis = aa.analyse(article)
    for finding in analysis.quotes + analysis.hedges + analysis.numbers + analysis.names + analysis.not_said:
        if finding.passage is None:
            assert finding.span == ""
            continue
        assert article.text(finding.passage)[finding.start:finding.end] == finding.span
    for quote in analysis.quotes:
        if quote.detail.get("attribution"):
            start = quote.detail["attribution_start"]
            text = article.text(quote.passage)
            assert text[start:start + len(quote.detail["attribution"])] == quote.detail["attribution"]
    json.dumps(analysis.to_dict())  # what a notebook will store or show is plain data


def test_the_distortions_are_listed_where_the_teacher_note_says():
    analysis = aa.analyse(practice("cycle-lane"))
    p3 = [q for q in analysis.quotes if q.passage == "P3"]
    assert p3 and p3[0].detail["speaker"] == "Mayor Tobias Quillfeather"  # the misattribution, as printed
    assert ["P4", "83 per cent", "percent"] in compact(analysis)["numbers"]
    note = (ARTICLES / "cycle-lane.teacher.md").read_text(encoding="utf-8")
    assert "(P3)" in note and "(P4)" in note


def test_key_is_stable_and_differs_between_the_practice_articles():
    keys = {name: practice(name).key for name in PRACTICE}
    assert keys["cycle-lane"] != keys["science-fair"]
    assert all(len(k) == 12 and int(k, 16) >= 0 for k in keys.values())
    assert practice("cycle-lane").key == keys["cycle-lane"]
    # The same words pasted, with curly quotes, other spacing and line endings, give the same key.
    article = practice("cycle-lane")
    pasted = "\r\n\r\n".join(p.text.replace('"', "“", 1) for p in article.passages)
    assert aa.load(pasted).key == keys["cycle-lane"]
    changed = pasted.replace("83 per cent", "38 per cent")
    assert aa.load(changed).key != keys["cycle-lane"]


def test_analysis_is_fast():
    text = (ARTICLES / "cycle-lane.md").read_text(encoding="utf-8")
    body = text.split("\n\n", 3)[3]
    article = aa.load("Long practice\n\n" + "\n\n".join([body] * 6))  # about 2,200 words
    assert article.words > 2000
    start = time.perf_counter()
    aa.analyse(article)
    assert time.perf_counter() - start < 1.0


# ---------------------------------------------------------------------------------------------- bad input

SOUND_PARAGRAPHS = [
    "The town council voted on Tuesday to build a new cycle lane on Mill Street, after a long debate.",
    "Councillor Dervla Pendlecombe said the lane would be finished by the end of the year.",
    "\u201cWe have waited a long time for this,\u201d said Ruth Ashcombe-Lyle, a parent.",
    "Some shop owners said they were worried about losing parking spaces outside their caf\u00e9s.",
]


def page(body: str, head: str = "<title>Council backs lane</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def article_html(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in SOUND_PARAGRAPHS)
    return page(f"<nav><a href='/'>Home</a></nav><article><h1>Council backs lane</h1>{paragraphs}{extra}"
                "</article><footer>Copyright</footer>")


def assert_friendly(error: aa.ArticleInputError, reason: str):
    assert isinstance(error, ValueError)
    assert error.reason == reason
    message = str(error)
    assert "Traceback" not in message and "Error" not in message and len(message) > 20


def test_empty_file(tmp_path):
    for content in (b"", b"   \n\n  "):
        path = tmp_path / "empty.txt"
        path.write_bytes(content)
        with pytest.raises(aa.ArticleInputError) as caught:
            aa.load(path)
        assert_friendly(caught.value, "empty")
        assert path.read_bytes() == content  # nothing is lost or changed
    with pytest.raises(aa.ArticleInputError):
        aa.load("")


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
])
def test_pdf_and_images_are_refused_by_their_magic_bytes(tmp_path, data, what):
    path = tmp_path / "article.html"  # a misleading name does not matter: the bytes decide
    path.write_bytes(data)
    with pytest.raises(aa.ArticleInputError) as caught:
        aa.load(path)
    assert_friendly(caught.value, "not-text")
    assert what in str(caught.value)
    assert path.read_bytes() == data


def test_page_with_only_navigation_and_a_script(tmp_path):
    path = tmp_path / "home.html"
    path.write_text(page("<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/sport'>Sport</a></nav>"
                         "<script>document.write('Breaking news: everything you need to know today')</script>"),
                    encoding="utf-8")
    with pytest.raises(aa.ArticleInputError) as caught:
        aa.load(path)
    assert_friendly(caught.value, "no-article")
    assert "paste" in str(caught.value)


def test_a_30_mb_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(30 * 1024 * 1024)
    with pytest.raises(aa.ArticleInputError) as caught:
        aa.load(path)
    assert_friendly(caught.value, "too-big")
    assert "30 MB" in str(caught.value)


def test_a_big_saved_page_is_fine_and_the_extracted_text_is_limited(tmp_path):
    scripts = "<script>var tracking = '" + "x" * 1_000_000 + "';</script>"  # saved pages are mostly this
    words = " ".join(f"word{i}" for i in range(1500))
    many = "".join(f"<p>Paragraph {n} says: {words}.</p>" for n in range(16))  # 24,000 words of article
    path = tmp_path / "big.html"
    path.write_text(page(f"{scripts}<article><h1>Long</h1>{many}</article>", "<title>Long</title>" + scripts),
                    encoding="utf-8")
    assert path.stat().st_size > 2_000_000
    article = aa.load(path)
    assert article.truncated and article.words <= aa.MAX_WORDS
    assert any("20,000 words" in note for note in article.notes)
    assert "tracking" not in article.full_text


def test_cp1252_text_file(tmp_path):
    text = "Caf\u00e9 owners \u201cwelcome\u201d the lane\n\n" + "\n\n".join(SOUND_PARAGRAPHS) + " It cost \u20ac5."
    path = tmp_path / "cp1252.txt"
    path.write_bytes(text.encode("cp1252"))
    article = aa.load(path)
    assert article.encoding == "cp1252"
    assert article.title == "Caf\u00e9 owners \u201cwelcome\u201d the lane"
    assert "\u20ac5" in article.full_text and "caf\u00e9s" in article.full_text
    assert any("Windows-1252" in note for note in article.notes)


def test_cp1252_page_with_its_charset_in_meta(tmp_path):
    path = tmp_path / "latin.html"
    path.write_bytes(article_html().replace("<head>", "<head><meta charset='windows-1252'>").encode("cp1252"))
    article = aa.load(path)
    assert "\u201cWe have waited" in article.full_text and article.encoding == "cp1252"


def test_utf8_page_with_a_wrong_meta_charset(tmp_path):
    path = tmp_path / "wrong-meta.html"
    path.write_bytes(article_html().replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8"))
    article = aa.load(path)
    assert article.encoding == "utf-8"
    assert "caf\u00e9s" in article.full_text and "\u00c3" not in article.full_text
    assert not article.notes


def test_undecodable_bytes_never_crash(tmp_path):
    path = tmp_path / "mixed.txt"
    mixed = ("Mixed up\n\n" + SOUND_PARAGRAPHS[0] + " caf\u00e9 ").encode("utf-8") + b"\x81\x8d\xe9 " + \
        " ".join(SOUND_PARAGRAPHS[1:]).encode("utf-8")
    path.write_bytes(mixed)
    article = aa.load(path)
    assert article.encoding == "cp1252" and "Mill Street" in article.full_text


@pytest.mark.parametrize("language, paragraphs", [
    ("French", ["Le conseil municipal de Tiverly a voté mardi soir pour une nouvelle piste cyclable dans la rue "
                "du Moulin.", "Selon le maire, les travaux pourraient commencer en septembre et coûter "
                "480 000 euros.", "\u00ab C'est une bonne nouvelle pour les enfants \u00bb, a déclaré une mère "
                "de famille qui habite dans le quartier."]),
    ("German", ["Der Gemeinderat von Tiverly hat am Dienstag einen neuen Radweg in der Mühlenstraße beschlossen.",
                "Die Arbeiten sollen im September beginnen und 480.000 Euro kosten, sagte der Bürgermeister.",
                "\u201eDas ist eine gute Nachricht für die Kinder\u201c, sagte eine Mutter, die in der Straße "
                "wohnt und mit dem Rad zur Schule fährt."]),
])
def test_non_english_article_is_split_and_says_so(language, paragraphs):
    article = aa.load("Radweg / Piste cyclable\n\n" + "\n\n".join(paragraphs))
    assert not article.english
    assert any(language in note and "English" in note for note in article.notes)
    assert article.ids == ["H", "P1", "P2", "P3"]
    analysis = aa.analyse(article)
    assert any(language in note for note in analysis.notes)
    assert any(f.kind == "number" for f in analysis.numbers)


def test_non_english_page(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in [
        "Le conseil municipal a voté mardi pour une nouvelle piste cyclable dans la rue principale.",
        "Les habitants du quartier sont contents de cette décision pour la sécurité des enfants.",
        "Les commerçants craignent la perte de places de stationnement devant leurs boutiques."])
    path = tmp_path / "fr.html"
    path.write_text(page(f"<article><h1>Piste</h1>{body}</article>").replace("<html>", "<html lang='fr'>"),
                    encoding="utf-8")
    article = aa.load(path)
    assert article.language == "fr" and len([p for p in article.passages if p.kind == "body"]) == 3


def test_scripts_are_dropped_never_run_and_never_in_the_text(tmp_path):
    path = tmp_path / "script.html"
    evil = "<script>alert(1)</script><p>Inline <script>document.cookie='stolen'</script>script here, and "\
        "<style>p { color: red }</style> a style, in the article body.</p><img src=x onerror=alert(2)>"
    path.write_text(article_html(evil), encoding="utf-8")
    article = aa.load(path)
    text = article.full_text + " ".join(str(v) for v in article.metadata().values())
    for code in ("alert(1)", "alert", "document.cookie", "stolen", "<script", "color: red", "onerror"):
        assert code not in text
    assert "Inline" in text and "in the article body" in text
    findings = json.dumps(aa.analyse(article).to_dict())
    assert "alert" not in findings and "<script" not in findings


def test_pasted_html_is_read_as_a_page():
    article = aa.load(article_html("<script>alert(1)</script>"))
    assert article.source_kind == "html" and "alert" not in article.full_text


@pytest.mark.parametrize("name", ["my article (final) copy.html", "статья — новости ✓.html", "..odd..name...html",
                                  "no suffix at all", "..", "a'b\"c;$(x).txt"])
def test_odd_file_names(tmp_path, name):
    if name == "..":
        folder = tmp_path / "inner"
        folder.mkdir()
        target = folder / ".." / "parent file.html"  # a path through ".." is just a path
        name = "parent file.html"
    else:
        target = tmp_path / name
    target.write_text(article_html(), encoding="utf-8")
    for source in (target, str(target)):
        article = aa.load(source)
        assert article.source_name == name
        assert "Mill Street" in article.full_text


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(aa.ArticleInputError) as caught:
        aa.load(tmp_path / "nope.html")
    assert_friendly(caught.value, "missing")
    with pytest.raises(aa.ArticleInputError) as caught:
        aa.load_file(tmp_path)
    assert_friendly(caught.value, "not-text")


def test_text_with_no_paragraph_breaks_is_split_into_sentence_groups():
    sentences = [f"Sentence number {n} about the council and the cycle lane on Mill Street." for n in range(1, 12)]
    article = aa.load(" ".join(sentences))
    assert article.split_into_groups
    assert article.ids == ["P1", "P2", "P3"]
    assert article["P1"].text == " ".join(sentences[:4])
    assert article["P3"].text == " ".join(sentences[8:])
    assert any("no paragraph breaks" in note for note in article.notes)


def test_text_with_one_paragraph_a_line_keeps_them():
    article = aa.load("Headline here\n" + "\n".join(SOUND_PARAGRAPHS))
    assert article.ids == ["H", "P1", "P2", "P3", "P4"] and not article.split_into_groups


def test_too_short_text():
    with pytest.raises(aa.ArticleInputError) as caught:
        aa.load("Just a few words.")
    assert_friendly(caught.value, "too-short")


def test_mhtml_saved_by_chrome(tmp_path):
    import quopri

    html = article_html().replace("<head>", "<head><meta name='author' content='Marta Ellingwood'>")
    encoded = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    mhtml = (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: https://tiverly-post.example/lane\r\n"
        "Subject: Council backs lane\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
        "------B\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        "Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://tiverly-post.example/lane\r\n\r\n"
        f"{encoded}\r\n------B\r\nContent-Type: text/css\r\nContent-Location: cid:css@mhtml.blink\r\n\r\n"
        "p { color: red }\r\n------B--\r\n")
    path = tmp_path / "saved page.mhtml"
    path.write_bytes(mhtml.encode("ascii"))
    article = aa.load(path)
    assert article.source_kind == "mhtml"
    assert article.url == "https://tiverly-post.example/lane"
    assert article.author == "Marta Ellingwood"
    assert "\u201cWe have waited a long time for this,\u201d" in article.full_text
    assert "color" not in article.full_text


def test_html_metadata_and_not_said():
    article = aa.load(article_html())
    assert article.title == "Council backs lane" and article.links == 0
    not_said = {f.kind for f in aa.analyse(article).not_said}
    assert {"author", "date", "links"} <= not_said
    linked = aa.load(article_html("<p>The plan is in <a href='https://council.example/plan'>the council's "
                                  "report</a>, officials said.</p>"))
    assert linked.links == 1
    findings = aa.analyse(linked).not_said
    assert "links" not in {f.kind for f in findings}
    assert any(f.kind == "unnamed source" and f.span == "officials said" for f in findings)


def test_quote_rules_on_small_cases():
    text = ("Rules test\n\n"
            "\u201cIt is a good day,\u201d said Dr Ann Quillfeather of the Wendshire Institute, on Tuesday.\n\n"
            "Kamal Ferrowby told the Tiverly Post: \"We were not asked about the lane at all.\"\n\n"
            "\"Nobody knows what will happen next to the shops on this street,\" a local trader said.\n\n"
            "\"This quote has nobody attached to it at all.\" The council met again in June.\n\n"
            "According to Professor Idris Marrowby, \"the numbers do not add up\" for the plan.")
    quotes = aa.analyse(aa.load(text)).quotes
    speakers = [(q.passage, q.detail["speaker"], q.detail["speaker_kind"]) for q in quotes]
    assert speakers == [("P1", "Dr Ann Quillfeather", "name"), ("P2", "Kamal Ferrowby", "name"),
                        ("P3", "a local trader", "description"), ("P4", None, None),
                        ("P5", "Professor Idris Marrowby", "name")]
    names = {(f.span, f.kind) for f in aa.analyse(aa.load(text)).names}
    assert ("Wendshire Institute", "organisation") in names and ("Dr Ann Quillfeather", "person") in names


# ---------------------------------------------------------------------------------------------- golden helper


def regenerate() -> None:
    """Write the golden files from the current code (then review the diff by eye before keeping it)."""
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name in PRACTICE:
        article = practice(name)
        data = {"metadata": article.metadata(), "ids": article.ids, "findings": compact(aa.analyse(article))}
        path = GOLDEN / f"{name}.json"
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--regenerate"]:
        regenerate()
    else:
        print(__doc__)
