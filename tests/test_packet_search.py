"""Searching a practice article's source packet (newslit.source.articles) and its notebook 07 block."""
import pytest

from newslit.notebook import ownarticle, packet
from newslit.source import any_article, articles


def practice_offers():
    return [o for o in articles.available()[0] if o.practice]


@pytest.mark.parametrize("offer", practice_offers(), ids=lambda o: o.path.stem)
def test_every_page_of_a_packet_is_read_with_its_outlet_title_and_date(offer):
    pages = articles.read_packet(offer.sources)
    assert len(pages) >= 3
    assert [p.number for p in pages] == [str(n) for n in range(1, len(pages) + 1)]
    for page in pages:
        assert page.outlet and page.title and page.date and len(page.text.split()) > 20
        assert "- Outlet:" not in page.text and "## Source" not in page.text


def test_a_search_finds_the_pages_holding_every_word_and_nothing_for_no_words():
    page = articles.SourcePage
    pages = [page("1", "Town Council", "Minutes", "1 May", "Councillor Ann Smith said the lane was safe."),
             page("2", "Cycling Trust", "Survey", "2 May", "38 per cent said yes; Smith was not asked.")]
    assert [p.number for p in articles.search_packet(pages, "smith")] == ["1", "2"]
    assert [p.number for p in articles.search_packet(pages, "  SMITH   lane ")] == ["1"]
    assert [p.number for p in articles.search_packet(pages, "38 per cent")] == ["2"]
    assert [p.number for p in articles.search_packet(pages, "trust")] == ["2"]  # the outlet is searched too
    assert articles.search_packet(pages, "nobody") == []
    assert articles.search_packet(pages, "  ? ! a ") == []  # no word of two characters or more


class FakeArticle:
    def __init__(self, key):
        self.key = key


@pytest.fixture
def bench(monkeypatch):
    bench = ownarticle.Workbench()
    monkeypatch.setattr(ownarticle, "_BENCH", bench)
    return bench


def test_the_block_shows_a_page_only_once_a_search_finds_it(bench):
    offer = next(o for o in practice_offers() if "cycle" in o.path.name)
    bench.article = any_article.load_file(offer.path)
    block = ownarticle.PacketSearch()
    pages = articles.read_packet(offer.sources)
    assert block.results.value == ""
    assert not any(p.title in block.box._repr_mimebundle_()["text/plain"] for p in pages)
    block.query.value = pages[0].title.split()[0]
    assert "found for" in block.results.value and pages[0].outlet.split(" (")[0] in block.results.value
    block.query.value = "<script>alert(1)</script>"
    assert "<script>" not in block.results.value and "&lt;script&gt;" in block.results.value
    block.query.value = "zzzz-nothing"
    assert "No page found" in block.results.value and "another spelling" in block.results.value
    block.query.value = "11"  # the police page says "Eleven": a search for a number says so
    assert "No page found" in block.results.value and "in words" in block.results.value


def test_an_article_without_a_packet_says_to_search_in_a_new_tab(bench):
    bench.article = FakeArticle("0" * 12)
    block = ownarticle.PacketSearch()
    assert block.query not in block.box.children and "new browser tab" in block.note.value


def test_searched_words_are_marked_and_the_rest_escaped():
    assert packet.marked("Tom & Ann <b>", ["ann"]) == "Tom &amp; <mark>Ann</mark> &lt;b&gt;"


def test_a_search_matches_whole_words_and_lists_the_best_three_first():
    page = articles.SourcePage
    pages = [page(str(n), f"Outlet {n}", f"Title {n}", "1 May", "Wendshire news. " * n + "Some more words here.")
             for n in range(1, 6)]
    pages.append(page("6", "Wend Parents Hub", "Register", "1 May", "The name belongs to a company in town."))
    assert [p.number for p in articles.search_packet(pages, "wend")] == ["6"]  # not the inside of "Wendshire"
    assert [p.number for p in articles.search_packet(pages, "wendshire")] == ["5", "4", "3", "2", "1"]
    assert [p.number for p in articles.search_packet(pages, "name")] == ["6"]
    html = packet.results_html(pages, "Wendshire")
    assert html.count("<article") == packet.SHOWN and f"best {packet.SHOWN} of 5" in html
    assert "<mark>Wend</mark>shire" not in packet.results_html(pages, "wend")


def test_what_the_page_makes_visible_opens_only_once_five_claims_are_sorted(bench, tmp_path, monkeypatch):
    """The tool's lists of quotes, numbers and hedges are clues to compare with: a student picks and sorts
    their own claims first (a first trust rating alone does not open them)."""
    monkeypatch.setenv("NEWSLIT_ANSWERS", str(tmp_path))
    monkeypatch.setenv("NEWSLIT_STUDENT", "Ana")
    offer = next(o for o in practice_offers() if "cycle" in o.path.name)
    bench.use(any_article.load_file(offer.path), "practice", remember=False)
    findings = ownarticle.Findings()
    bench.store.save("n07-trust-first", {"value": 40, "reason": "no author is named"})
    findings.answered("n07-trust-first", None)
    assert findings.out.outputs == ()
    bench.store.save("n07-sort", {f"c{i}": "event" for i in range(1, 6)})
    findings.answered("n07-sort", None)
    assert findings.out.outputs
