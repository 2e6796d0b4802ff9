"""Search benchmark: index a synthetic forum corpus with each backend and time queries.

    python benchmarks/search_bench.py [--sizes 20000,100000] [--queries 200] [--backends whoosh,postgres]

The corpus is deterministic: documents of about 150 words drawn from a Zipf-distributed
vocabulary plus SDS phrases ("direct payment", "personal assistant", ...). Queries (1-3 words)
go through champions.search.index.query as a practitioner, so they include permission
filtering, counts per type and highlighted snippets. PostgreSQL runs when BENCH_DATABASE_URL
(default postgresql+psycopg://postgres@127.0.0.1:5432/hub_bench) is reachable.
"""
from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks.loadgen import percentile  # noqa: E402
from champions import create_app  # noqa: E402
from champions.config import test_config  # noqa: E402
from champions.extensions import db  # noqa: E402
from champions.search import SearchDocument, SearchType, index, register  # noqa: E402

SDS_PHRASES = ["direct payment", "personal assistant", "carer", "budget", "outcomes", "option 2",
               "option 3", "standard 8", "support plan", "assessment", "eligibility", "review",
               "independent support", "risk enablement", "good conversation", "respite"]
VISIBILITY = ["staff"] * 14 + ["partners"] * 3 + ["champions"] * 2 + ["draft"]
START = datetime(2017, 1, 1, tzinfo=timezone.utc)
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/hub_bench"


def vocabulary(size: int = 20000, seed: int = 7) -> list[str]:
    """Pronounceable made-up words, deterministic."""
    rnd = random.Random(seed)
    onsets, vowels, codas = "b c d f g h j k l m n p r s t v w".split(), "a e i o u ai ea ou".split(), "n r s t l m nd st ck".split()
    words = set()
    while len(words) < size:
        words.add("".join(rnd.choice(onsets) + rnd.choice(vowels) for _ in range(rnd.randint(1, 3))) + rnd.choice(codas))
    return sorted(words)


class Corpus:
    """Deterministic synthetic documents."""

    def __init__(self, seed: int = 42):
        self.words = vocabulary()
        weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))
        self.seed = seed

    def _text(self, rnd: random.Random, n: int) -> str:
        picked = rnd.choices(self.words, cum_weights=self.cumulative, k=n)
        for _ in range(max(1, n // 30)):
            picked[rnd.randrange(n)] = rnd.choice(SDS_PHRASES)
        return " ".join(picked)

    def document(self, i: int) -> SearchDocument:
        """Document number i (the same every run)."""
        rnd = random.Random(self.seed * 1_000_003 + i)
        level = rnd.choice(VISIBILITY)
        owner = None
        if level == "draft":
            level, owner = "champions", rnd.randint(1, 500)
        return SearchDocument(
            doc_id=f"bench:{i}", kind=rnd.choice(["bench", "bench", "bench", "benchnote"]),
            title=self._text(rnd, rnd.randint(5, 10)).capitalize(), body=self._text(rnd, rnd.randint(130, 170)),
            url=f"/bench/{i}", visibility=level, owner_id=owner,
            created_at=START + timedelta(minutes=i * 37), author_name=f"Person {i % 300}",
            tags=[rnd.choice(["payments", "carers", "budgets", "reviews"])],
        )

    def queries(self, n: int, seed: int = 99) -> list[str]:
        """n queries of 1-3 words: frequent and rare vocabulary, and SDS phrases."""
        rnd = random.Random(seed)
        out = []
        for _ in range(n):
            kind = rnd.random()
            if kind < 0.3:
                out.append(rnd.choice(SDS_PHRASES))
            else:
                k = rnd.randint(1, 3)
                out.append(" ".join(rnd.choices(self.words[:3000], cum_weights=self.cumulative[:3000], k=k)))
        return out


def _cpu() -> float:
    """CPU seconds used by this process and its finished children (Whoosh's indexing processes)."""
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run(backend: str, size: int, n_queries: int, url: str | None, keep: bool = False) -> dict:
    corpus = Corpus()
    register(SearchType(kind="bench", label="Bench", documents_for=lambda i: [corpus.document(i)],
                        all_ids=lambda: iter(()), doc_prefixes=("bench:",)))
    register(SearchType(kind="benchnote", label="Bench notes", documents_for=lambda i: [],
                        all_ids=lambda: iter(()), doc_prefixes=()))
    with tempfile.TemporaryDirectory() as tmp:
        settings = test_config(tmp, url)
        settings["SEARCH_BACKEND"] = backend
        settings["SEARCH_SYNC"] = False
        app = create_app(settings)
        with app.app_context():
            db.create_all()  # search reads the synonym table on both backends
            engine = index.engine()
            build = build_cpu = float("nan")
            if not (keep and backend == "postgres" and _loaded(size)):
                documents = [(f"bench:{i}", corpus.document(i)) for i in range(size)]
                cpu_before = _cpu()
                started = time.perf_counter()
                engine.rebuild(iter(documents))
                build = time.perf_counter() - started
                build_cpu = _cpu() - cpu_before
                del documents
            if backend == "postgres":
                db.session.execute(db.text("ANALYZE search_document"))
                db.session.commit()
            reader = SimpleNamespace(is_authenticated=True, active=True, role="practitioner", id=3)
            for text in corpus.queries(10, seed=1):  # warm up (first searcher, caches)
                index.query(reader, text)
            times, cpu_times, hits = [], [], 0
            for text in corpus.queries(n_queries):
                t0, c0 = time.perf_counter(), time.process_time()
                results = index.query(reader, text)
                times.append((time.perf_counter() - t0) * 1000)
                cpu_times.append((time.process_time() - c0) * 1000)
                hits += results.total
            vectors_mb = engine.vectors.nbytes() / 2**20 if hasattr(engine, "vectors") else 0.0
            if backend == "postgres" and not keep:
                db.session.execute(db.text("TRUNCATE search_document"))
                db.session.commit()
    return {"backend": backend, "docs": size, "docs_per_s": size / build, "build_s": build,
            "docs_per_cpu_s": size / build_cpu if build_cpu else float("nan"),
            "p90": percentile(times, 90),
            "cpu_p50": percentile(cpu_times, 50), "cpu_p95": percentile(cpu_times, 95),
            "p50": percentile(times, 50), "p95": percentile(times, 95), "p99": percentile(times, 99),
            "mean_hits": hits / len(times), "vectors_mb": vectors_mb}


def _loaded(size: int) -> bool:
    """True when the PostgreSQL table already holds exactly this corpus (kept by --keep)."""
    found = db.session.execute(db.text("SELECT count(*) FROM search_document WHERE doc_id LIKE 'bench:%'")).scalar()
    return found == size and db.session.execute(db.text("SELECT count(*) FROM search_document")).scalar() == size


def postgres_reachable(url: str) -> bool:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
        return True
    except Exception as exc:  # any connection problem means: skip PostgreSQL
        print(f"PostgreSQL not reachable at {url} ({exc.__class__.__name__}); skipping it.")
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--backends", default="whoosh,postgres")
    parser.add_argument("--keep", action="store_true",
                        help="PostgreSQL: leave the corpus in the table and reuse it next time (rebuild figures then n/a).")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    backends = args.backends.split(",")
    if "postgres" in backends and not postgres_reachable(url):
        backends.remove("postgres")
    print(f"Search benchmark, {args.queries} queries per row, as a practitioner (permission filtering, counts per type,")
    print(f"highlighted snippets). Machine: {os.cpu_count()} CPUs, load average {_load()} before.")
    print(_model_memory())
    print()
    print("| backend | documents | rebuild docs/s (wall) | docs per CPU-second | query p50 ms | p95 ms | p99 ms "
          "| CPU p50 ms | CPU p95 ms | mean results | vectors in worker MB | load average |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in [int(s) for s in args.sizes.split(",")]:
        for backend in backends:
            r = run(backend, size, args.queries, url if backend == "postgres" else None, keep=args.keep)
            print(f"| {r['backend']} | {r['docs']:,} | {r['docs_per_s']:,.0f} | {r['docs_per_cpu_s']:,.0f} | {r['p50']:.1f} "
                  f"| {r['p95']:.1f} | {r['p99']:.1f} | {r['cpu_p50']:.1f} | {r['cpu_p95']:.1f} | {r['mean_hits']:,.0f} "
                  f"| {r['vectors_mb']:.1f} | {_load()} |", flush=True)
    print()
    print("CPU figures are this process only (PostgreSQL's own work is not included); wall-clock figures")
    print("include waiting for the CPU when other processes are running (see the load average).")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _model_memory() -> str:
    """The embedding model's cost in a worker: resident memory before and after loading it."""
    from champions.search import embeddings

    before, started = _rss_mb(), time.perf_counter()
    model = embeddings.embedder()
    seconds = time.perf_counter() - started
    if model is None:
        return "No embedding model (wordllama missing or SEARCH_SEMANTIC off): lexical search only."
    return (f"Embedding model {model.name}: loaded in {seconds:.2f} s, worker resident memory "
            f"{before:.0f} MB -> {_rss_mb():.0f} MB (+{_rss_mb() - before:.0f} MB).")


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
