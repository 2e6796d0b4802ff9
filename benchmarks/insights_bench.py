"""Time the insights page at the `make bench` scale, in one process, figure by figure.

Usage: python benchmarks/insights_bench.py [--questions 5000] [--answers 4] [--repeat 20] [--database PATH]
Seeds a temporary SQLite database like benchmarks/run.py (or BENCH_DATABASE_URL), then times each figure
and the whole page (rendered by the test client as a champion), and prints medians. Goal: under 300 ms.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import environment, seed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--answers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", default="", help="a directory to keep the seeded database in and reuse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hub-insights-") as tmpdir:
        env = environment(Path(args.keep or tmpdir))
        if not (args.keep and (Path(args.keep) / "bench.db").exists()):
            started = time.perf_counter()
            info = seed(env, args.questions, args.answers)
            print(f"seeded {args.questions} questions, {info['answers']} answers in "
                  f"{time.perf_counter() - started:.1f} s")
        os.environ.update(env)
        from sqlalchemy import event, select

        from champions import create_app
        from champions.auth.models import User
        from champions.extensions import db
        from champions.insights import panels
        from champions.insights.figures import default_period

        app = create_app()
        with app.app_context():
            champion = db.session.scalar(select(User).where(User.email == "champion@example.org"))
            start, end = default_period()
            filters = panels.Filters(start, end)
            print(f"{'figure':<28} {'median ms':>10}")
            for panel in panels.all_panels():
                times = []
                for _ in range(args.repeat):
                    t = time.perf_counter()
                    panel.compute(filters)
                    times.append((time.perf_counter() - t) * 1000)
                    db.session.rollback()
                print(f"{panel.key:<28} {statistics.median(times):>10.1f}")
            client = app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = champion.get_id()
                session["_fresh"] = True
            db.session.commit()
            queries = []
            event.listen(db.engine, "before_cursor_execute", lambda *a: queries.append(1))
            times = []
            for _ in range(args.repeat):
                queries.clear()
                t = time.perf_counter()
                response = client.get("/insights/")
                times.append((time.perf_counter() - t) * 1000)
                assert response.status_code == 200, response.status_code
            print(f"{'whole page (test client)':<28} {statistics.median(times):>10.1f}  "
                  f"(p95 {sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms, {len(queries)} SQL queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
