"""How long "Any article" takes on a 2,000-word article: load (text) and analyse, median of several runs.

    .venv/bin/python benchmarks/any_article_speed.py [--words 2000] [--runs 15]

The article is the practice article articles/cycle-lane.md repeated until it has the words asked
for, so the rules meet real quotes, names, numbers and hedges. Also times loading it as a saved web
page (trafilatura's extraction), which costs more than the analysis.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newslit.source import any_article as aa  # noqa: E402


def practice_text(words: int) -> str:
    body = (ROOT / "articles" / "cycle-lane.md").read_text(encoding="utf-8").split("\n\n", 3)[3]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    out, count = [], 0
    while count < words:
        for p in paragraphs:
            out.append(p)
            count += aa.count_words(p)
            if count >= words:
                break
    return "Benchmark article\n\n" + "\n\n".join(out)


def median_ms(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    text = practice_text(args.words)
    article = aa.load(text)
    html = "<!doctype html><html><head><title>Benchmark</title></head><body><article><h1>Benchmark</h1>" + "".join(
        f"<p>{p.text}</p>" for p in article.passages[1:]) + "</article></body></html>"
    aa.load(html)  # warm up: first import of trafilatura
    analyse = median_ms(lambda: aa.analyse(article), args.runs)
    load_text = median_ms(lambda: aa.load(text), args.runs)
    load_html = median_ms(lambda: aa.load(html), args.runs)
    print(f"article: {article.words} words, {len(article.passages)} passages, {args.runs} runs (median)")
    print(f"analyse:          {analyse:8.1f} ms")
    print(f"load (text):      {load_text:8.1f} ms")
    print(f"load (web page):  {load_html:8.1f} ms")


if __name__ == "__main__":
    main()
