"""Posting under load: several signed-in people post questions and answers at once, with CSRF tokens.

Each client signs in through the real form as its own account, reads a CSRF token once, then posts in
turn a question and an answer (to one of the seeded questions), as fast as the server answers. A post
counts as done when the server answers its POST with the redirect to the new question or answer; the
redirect is not followed, so the figure is the posting request alone.
"""
from __future__ import annotations

import http.cookiejar
import random
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from benchmarks.loadgen import PageResult

WORDS = ("direct payment personal assistant carer budget outcomes option support plan review "
         "assessment family respite short breaks transition employment equipment").split()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 itself is the answer we time


def poster(base_url: str, email: str, password: str):
    """(opener that does not follow redirects, CSRF token) for this account, signed in."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect())
    page = opener.open(f"{base_url}/auth/sign-in", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    try:
        opener.open(f"{base_url}/auth/sign-in", data=data, timeout=30)
    except urllib.error.HTTPError as exc:
        if exc.code != 302 or "/auth/sign-in" in exc.headers.get("Location", ""):
            raise RuntimeError(f"could not sign in as {email}") from exc
    page = opener.open(f"{base_url}/questions/new", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    return opener, token


def _post(opener, url: str, fields: dict) -> bool:
    try:
        with opener.open(url, data=urllib.parse.urlencode(fields).encode(), timeout=60) as response:
            response.read()
            return False  # a 200 here is the form again, with an error: not a post
    except urllib.error.HTTPError as exc:
        return exc.code == 302
    except OSError:
        return False


def drive_posting(base_url: str, accounts: list[tuple[str, str]], question_ids: list[int],
                  posts_each: int, max_seconds: float = 180.0) -> tuple[PageResult, PageResult]:
    """Every account posts `posts_each` times at once (questions and answers in turn); two results."""
    questions, answers = PageResult("post a question"), PageResult("post an answer")
    sessions = [poster(base_url, email, password) for email, password in accounts]
    deadline = time.monotonic() + max_seconds

    def client(index: int):
        opener, token = sessions[index]
        rng = random.Random(index)
        outcomes = []
        for n in range(posts_each):
            if time.monotonic() > deadline:
                break
            words = " ".join(rng.choice(WORDS) for _ in range(50))
            if n % 2 == 0:
                kind, url = "question", f"{base_url}/questions/new"
                fields = {"csrf_token": token, "title": f"Load test {index}-{n}: how do I arrange {rng.choice(WORDS)}?",
                          "body": f"Client {index}, post {n}. {words}", "visibility": "staff"}
            else:
                kind, url = "answer", f"{base_url}/questions/{rng.choice(question_ids)}/answers"
                fields = {"csrf_token": token, "body": f"Answer {index}-{n}. {words}"}
            start = time.perf_counter()
            ok = _post(opener, url, fields)
            outcomes.append((kind, ok, (time.perf_counter() - start) * 1000))
        return outcomes

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        for outcomes in pool.map(client, range(len(sessions))):
            for kind, ok, ms in outcomes:
                result = questions if kind == "question" else answers
                if ok:
                    result.latencies.append(ms)
                else:
                    result.errors += 1
    elapsed = time.perf_counter() - started
    questions.elapsed = answers.elapsed = elapsed
    return questions, answers
