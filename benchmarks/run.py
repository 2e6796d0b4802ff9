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
    from sqlalchemy import insert, select

    from champions import create_app
    from champions.auth import demo as accounts
    from champions.auth.models import User
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
        seconds = time.perf_counter() - started
    return {"first_question": ids[0], "seed_seconds": seconds, "answers": len(answer_rows)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--answers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="", help="drive only the pages whose name contains this")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hub-bench-") as tmpdir:
        tmp = Path(tmpdir)
        env = environment(tmp)
        print(f"Seeding {args.questions} questions with {args.answers} answers each ...", flush=True)
        info = seed(env, args.questions, args.answers)
        print(f"  seeded {args.questions} questions and {info['answers']} answers in {info['seed_seconds']:.1f} s")
        flask = str(Path(sys.executable).parent / "flask")
        subprocess.run([flask, "search", "rebuild"], env=env, cwd=ROOT, check=False,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        server = subprocess.Popen([gunicorn, "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
                                   "--log-level", "warning", "wsgi:app"], env=env, cwd=ROOT)
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/healthz", timeout=2)
                    break
                except OSError:
                    time.sleep(0.2)
            practitioner = signed_in_opener(base, "practitioner@example.org", "sds-demo-2027")
            partner = signed_in_opener(base, "partner@example.org", "sds-demo-2027")
            champion = signed_in_opener(base, "champion@example.org", "sds-demo-2027")
            pages = [
                (practitioner, "home (practitioner)", "/"),
                (practitioner, "questions, latest", "/questions/"),
                (practitioner, "questions, page 50", "/questions/?page=50"),
                (practitioner, "questions, awaiting a champion", "/questions/?view=awaiting"),
                (partner, "questions (partner)", "/questions/"),
                (practitioner, "question with 50 answers", f"/questions/{info['first_question']}"),
                (practitioner, "search 'direct payment'", "/search/?q=direct+payment"),
                (partner, "search 'carer budget' (partner)", "/search/?q=carer+budget"),
                (champion, "insights, last 12 months (champion)", "/insights/"),
            ]
            results = []
            pages = [p for p in pages if args.only in p[1]]
            for opener, name, path in pages:
                drive(opener, base, name, path, 10, 2)  # warm up caches and searchers
                results.append(drive(opener, base, name, path, args.requests, args.concurrency))
            print()
            print(f"{args.questions} questions, {info['answers']} answers, gunicorn --workers {args.workers}, "
                  f"{args.concurrency} concurrent clients, {args.requests} requests a page, "
                  f"database {'PostgreSQL' if os.environ.get('BENCH_DATABASE_URL') else 'SQLite'}")
            print(table(results))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
