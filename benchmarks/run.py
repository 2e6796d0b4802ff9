"""`make bench`: seed the Hub at scale, serve it with gunicorn, drive the main pages, print a table.

Usage: python benchmarks/run.py [--questions 5000] [--answers 4] [--requests 200] [--concurrency 4]
Set BENCH_DATABASE_URL to benchmark PostgreSQL instead of a temporary SQLite file.
Traffic goes only to 127.0.0.1, is bounded in count and time, and the server is stopped at the end.
"""
from __future__ import annotations

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.loadgen import drive, signed_in_opener, table  # noqa: E402

WORDS = ("direct payment personal assistant carer budget outcomes option support plan review "
         "assessment family respite short breaks transition employment equipment charging "
         "finance third party provider agreement risk enablement independence community").split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(tmp: Path) -> dict:
    env = dict(os.environ)
    env.update({
        "SECRET_KEY": "benchmark-secret-key",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{tmp / 'bench.db'}",
        "SEARCH_INDEX_DIR": str(tmp / "search-index"),
        "MAIL_DIR": str(tmp / "mail"),
        "HTTPS": "0",
        "DEMO": "0",
        "RATELIMIT_ENABLED": "0",
        "FLASK_APP": "wsgi:app",
    })
    return env


def seed(env: dict, questions: int, answers: int) -> dict:
    """Create tables, the demo accounts and `questions` questions with `answers` answers each."""
    os.environ.update(env)
    from sqlalchemy import insert, select, text

    from champions import create_app
    from champions.auth import demo as accounts
    from champions.auth.models import Organisation, User
    from champions.extensions import db
    from champions.markdown import render
    from champions.questions.models import Answer, Question
    from champions.timeutil import utcnow

    app = create_app()
    rng = random.Random(2027)
    with app.app_context():
        db.drop_all()
        db.create_all()
        accounts.seed()
        organisation = db.session.scalar(select(User.organisation_id).where(User.email == "practitioner@example.org"))
        for email, name in POSTERS:  # the posting benchmark's people: practitioners, no second step
            accounts.ensure_user(email, name, "practitioner", "Social worker", db.session.get(Organisation, organisation))
        db.session.commit()
        authors = db.session.scalars(select(User.id)).all()
        now = utcnow()
        started = time.perf_counter()
        rows = []
        for n in range(questions):
            words = " ".join(rng.choice(WORDS) for _ in range(60))
            body = f"Question {n}: {words}"
            created = now - timedelta(minutes=n * 7)
            rows.append({"title": f"How do I arrange {rng.choice(WORDS)} {rng.choice(WORDS)} ({n})",
                         "body": body, "body_html": str(render(body)),
                         "visibility": "partners" if n % 5 == 0 else "staff", "status": "answered",
                         "author_id": rng.choice(authors), "created_at": created, "last_activity_at": created,
                         "answer_count": answers})
        db.session.execute(insert(Question), rows)
        ids = db.session.scalars(select(Question.id).order_by(Question.id)).all()
        answer_rows = []
        for qid in ids:
            count = 50 if qid == ids[0] else answers
            for a in range(count):
                body = " ".join(rng.choice(WORDS) for _ in range(40))
                answer_rows.append({"question_id": qid, "body": body, "body_html": str(render(body)),
                                    "author_id": rng.choice(authors), "created_at": now})
        db.session.execute(insert(Answer), answer_rows)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # What autovacuum does on a council's server after a bulk insert (it is off on some machines, and
            # would not have run yet): without statistics PostgreSQL plans the seeded tables as if nearly
            # empty, and without the visibility map an index-only count reads every row as well.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM (ANALYZE)"))
        seconds = time.perf_counter() - started
    return {"first_question": ids[0], "seed_seconds": seconds, "answers": len(answer_rows),
            "answerable": ids[1:101]}


POSTERS = [(f"poster{n}@example.org", f"Poster {n}") for n in range(1, 9)]


def serve(app_path: str, env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    """Start gunicorn with `workers` sync workers on a free loopback port; wait until it answers."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen([gunicorn, "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                               "--log-level", "warning", app_path], env=env, cwd=ROOT)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/", timeout=2)
            break
        except urllib.error.HTTPError:
            break  # it answers (a redirect to sign in, say)
        except OSError:
            time.sleep(0.2)
    return server, base


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=30)


PAGES = [
    # (account, name, path); {q} is the question with 50 answers. The first four are the "8 ms" pages.
    ("practitioner", "home (practitioner)", "/"),
    ("practitioner", "question with 50 answers", "/questions/{q}"),
    ("practitioner", "questions, latest", "/questions/"),
    ("practitioner", "search 'direct payment'", "/search/?q=direct+payment"),
    ("practitioner", "questions, page 50", "/questions/?page=50"),
    ("practitioner", "questions, awaiting a champion", "/questions/?tab=awaiting"),
    ("partner", "questions (partner)", "/questions/"),
    ("partner", "search 'carer budget' (partner)", "/search/?q=carer+budget"),
    ("champion", "insights, last 12 months (champion)", "/insights/"),
]
PASSWORD = "sds-demo-2027"
ACCOUNTS = {"practitioner": "practitioner@example.org", "partner": "partner@example.org",
            "champion": "champion@example.org"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--answers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=50, help="requests a page for the one-process server times")
    parser.add_argument("--post-workers", type=int, default=4, help="gunicorn workers for the posting benchmark")
    parser.add_argument("--posters", type=int, default=8, help="people posting at once (at most 8)")
    parser.add_argument("--posts", type=int, default=20, help="posts by each person")
    parser.add_argument("--only", default="", help="drive only the pages whose name contains this")
    parser.add_argument("--skip", default="", help="comma-separated phases to leave out: server,load,posting")
    parser.add_argument("--profile", default="", help="print a cProfile of the first page whose name contains this")
    parser.add_argument("--callers", default="", help="with --profile: who calls the functions matching this regex")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"

    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = environment(tmp)
        print(f"Seeding {args.questions} questions with {args.answers} answers each ...", flush=True)
        info = seed(env, args.questions, args.answers)
        print(f"  seeded {args.questions} questions and {info['answers']} answers in {info['seed_seconds']:.1f} s")
        flask = str(Path(sys.executable).parent / "flask")
        subprocess.run([flask, "search", "rebuild"], env=env, cwd=ROOT, check=False,
                       stdout=subprocess.DEVNULL)
        pages = [(account, name, path.format(q=info["first_question"])) for account, name, path in PAGES
                 if args.only in name]
        print(f"\n{args.questions} questions, {info['answers']} answers, database {database}, "
              f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)

        if args.profile:
            from benchmarks import server_time
            from champions import create_app

            account, name, path = next(p for p in pages if args.profile in p[1])
            print(f"Profile of {name} ({path}):")
            print(server_time.profile(create_app(), (ACCOUNTS[account], PASSWORD), path, callers=args.callers))
            return 0

        if "server" not in skip:
            from benchmarks import server_time
            from champions import create_app

            in_process = [p for p in pages if p[0] != "champion"]  # the champion's second step needs a code
            timings = server_time.measure(create_app(), in_process,
                                          {a: (ACCOUNTS[a], PASSWORD) for a in {p[0] for p in in_process}},
                                          repeat=args.repeat)
            print()
            print(server_time.table(timings), flush=True)

        if "load" not in skip:
            # The yardstick runs beside the Hub and is driven just before each page, so that each ratio
            # compares two figures taken within seconds of each other on this (shared) machine.
            hello_server, hello_base = serve("benchmarks.hello:app", env, args.workers)
            server, base = serve("wsgi:app", env, args.workers)
            try:
                plain = urllib.request.build_opener()
                drive(plain, hello_base, "hello", "/", 20, 2)
                openers = {a: signed_in_opener(base, ACCOUNTS[a], PASSWORD) for a in {p[0] for p in pages}}
                results, hello = [], {}
                for account, name, path in pages:
                    drive(openers[account], base, name, path, 10, 2)  # warm up caches and searchers
                    hello[name] = drive(plain, hello_base, "hello", "/", args.requests, args.concurrency).throughput
                    results.append(drive(openers[account], base, name, path, args.requests, args.concurrency))
            finally:
                stop(server)
                stop(hello_server)
            print()
            print(f"gunicorn --workers {args.workers}, {args.concurrency} concurrent clients, "
                  f"{args.requests} requests a page; hello/s = a bare Flask hello served the same way, driven "
                  f"just before the page; x hello = the page's requests/s as a fraction of it")
            print(table(results, hello=hello), flush=True)

        if "posting" not in skip:
            # What production runs beside the web workers: `flask worker` (the search queue and the outbox
            # every few seconds, and the scheduled jobs).
            background = [subprocess.Popen([flask, "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)]
            server, base = serve("wsgi:app", env, args.post_workers)
            try:
                from benchmarks.posting import drive_posting

                posters = [(email, PASSWORD) for email, _ in POSTERS[:args.posters]]
                results = drive_posting(base, posters, info["answerable"], args.posts)
            finally:
                stop(server)
                for process in background:
                    stop(process)
            print()
            print(f"Posting: {len(posters)} people posting at once (questions and answers in turn, "
                  f"{args.posts} posts each), gunicorn --workers {args.post_workers}, with `flask worker` running")
            print(table(list(results)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
