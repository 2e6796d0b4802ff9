"""Search quality: top-3 hit rate and mean reciprocal rank over paraphrased queries (benchmarks/search_queries.py).

    python benchmarks/search_eval.py                    # Whoosh, lexical only and hybrid
    BENCH_DATABASE_URL=postgresql+psycopg://... python benchmarks/search_eval.py   # PostgreSQL too

It seeds the demo content into a scratch database, builds the index and searches as a champion (who
may see every published document). Run from another checkout (`cd ../main && python
<this file>`) it measures that checkout's search ("before"). Prints a Markdown table.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time

sys.path.insert(0, os.getcwd())
sys.path.insert(1, os.path.dirname(os.path.abspath(__file__)))

from search_queries import DEVELOPMENT, HELD_OUT  # noqa: E402


def _app(backend: str, url: str | None):
    from champions import create_app
    from champions.config import test_config

    settings = test_config(tempfile.mkdtemp(prefix="search-eval-"), url)
    settings["SEARCH_BACKEND"] = backend
    return create_app(settings)


def _measure(queries, search) -> tuple[float, float, list[str]]:
    hits3, rr, misses = 0, 0.0, []
    for text, wanted in queries:
        found = search(text)
        ranks = [i for i, doc_id in enumerate(found, start=1) if doc_id in wanted]
        best = ranks[0] if ranks else None
        hits3 += bool(best and best <= 3)
        rr += 1.0 / best if best else 0.0
        if not best or best > 3:
            misses.append(f"{text!r}: wanted {wanted}, got {found[:3]}")
    return hits3 / len(queries), rr / len(queries), misses


def run(backend: str, url: str | None, verbose: bool = False) -> list[tuple]:
    app = _app(backend, url)
    rows = []
    with app.app_context():
        from champions.extensions import db
        from champions.search import index

        db.drop_all()
        db.create_all()
        app.test_cli_runner().invoke(args=["seed-demo"])
        db.session.commit()
        index.rebuild()
        from champions.search import jobs

        jobs.process_pending()  # the seed's queued work, indexed now (with vectors), not during a words-only run
        from sqlalchemy import select
        from champions.auth.models import User

        reader = db.session.scalar(select(User).where(User.email == "champion@example.org"))
        modes = [("lexical", False), ("hybrid", True)] if "SEARCH_SEMANTIC" in app.config else [("before", None)]
        for mode, semantic in modes:
            if semantic is not None:
                app.config["SEARCH_SEMANTIC"] = semantic
            search = lambda text: [h.doc_id for h in index.query(reader, text, per_page=10).hits]  # noqa: E731
            for half, queries in (("development", DEVELOPMENT), ("held out", HELD_OUT)):
                started = time.perf_counter()
                top3, mrr, misses = _measure(queries, search)
                ms = (time.perf_counter() - started) * 1000 / len(queries)
                rows.append((backend, mode, half, len(queries), top3, mrr, ms))
                if verbose:
                    for miss in misses:
                        print(f"  miss [{backend} {mode} {half}] {miss}")
        db.session.remove()  # its open transaction would make DROP TABLE wait for ever
        if url:
            db.drop_all()
    return rows


def main() -> None:
    verbose = "-v" in sys.argv
    rows = run("whoosh", None, verbose)
    url = os.environ.get("BENCH_DATABASE_URL")
    if url:
        rows += run("postgres", url, verbose)
    print("| backend | ranking | queries | n | top-3 hit rate | MRR | ms per query |")
    print("|---|---|---|---|---|---|---|")
    for backend, mode, half, n, top3, mrr, ms in rows:
        print(f"| {backend} | {mode} | {half} | {n} | {top3:.0%} | {mrr:.2f} | {ms:.1f} |")


if __name__ == "__main__":
    main()
