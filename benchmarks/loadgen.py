"""A small, bounded HTTP load driver for loopback benchmarks (no external tool needed)."""
from __future__ import annotations

import http.cookiejar
import re
import statistics
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field


def percentile(values, p: float) -> float:
    """The nearest-rank p-th percentile of these values (nan when there are none): every benchmark's figure."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


@dataclass
class PageResult:
    """Latencies (ms) and failures for one page."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


def signed_in_opener(base_url: str, email: str, password: str) -> urllib.request.OpenerDirector:
    """An opener holding a session cookie for this account (signs in through the real form)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base_url}/auth/sign-in", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'name="csrf_token" value="([^"]+)"', page)
    data = urllib.parse.urlencode({"csrf_token": token.group(1) if token else "", "email": email,
                                   "password": password}).encode()
    response = opener.open(f"{base_url}/auth/sign-in", data=data, timeout=30)
    if "/auth/two-step" in response.geturl():  # champions and admins: the demo authenticator's code
        import pyotp

        from champions.auth.demo import DEMO_TOTP_SECRET

        page = response.read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
            re.search(r'name="csrf_token" value="([^"]+)"', page)
        data = urllib.parse.urlencode({"csrf_token": token.group(1) if token else "",
                                       "code": pyotp.TOTP(DEMO_TOTP_SECRET).now()}).encode()
        response = opener.open(response.geturl(), data=data, timeout=30)
    if "/auth/" in response.geturl():
        raise RuntimeError(f"could not sign in as {email}")
    return opener


def drive(opener, base_url: str, name: str, path: str, requests: int, concurrency: int,
          max_seconds: float = 120.0) -> PageResult:
    """GET path `requests` times with `concurrency` threads; stops early after max_seconds."""
    result = PageResult(name)
    deadline = time.monotonic() + max_seconds

    def one(_):
        if time.monotonic() > deadline:
            return None
        start = time.perf_counter()
        try:
            with opener.open(base_url + path, timeout=30) as response:
                response.read()
                ok = response.status == 200
        except Exception:  # any failure counts as an error in the table
            ok = False
        return ok, (time.perf_counter() - start) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for outcome in pool.map(one, range(requests)):
            if outcome is None:
                continue
            ok, ms = outcome
            if ok:
                result.latencies.append(ms)
            else:
                result.errors += 1
    result.elapsed = time.perf_counter() - started
    return result


def table(results: list[PageResult], hello: dict[str, float] | None = None) -> str:
    """A plain-text table of the results; with `hello` (page name: a bare Flask app's requests/s measured
    just before that page), each page's throughput as a fraction of it."""
    ratio = f" {'hello/s':>7} {'x hello':>7}" if hello else ""
    lines = [f"{'page':<34} {'ok':>5} {'err':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'req/s':>7}{ratio}"]
    for r in results:
        ratio = f" {hello[r.name]:>7.1f} {r.throughput / hello[r.name]:>7.3f}" if hello else ""
        lines.append(f"{r.name:<34} {len(r.latencies):>5} {r.errors:>4} {r.percentile(50):>8.1f} "
                     f"{r.percentile(95):>8.1f} {r.percentile(99):>8.1f} {r.throughput:>7.1f}{ratio}")
    if results and any(r.latencies for r in results):
        all_ms = [ms for r in results for ms in r.latencies]
        lines.append(f"{'(all pages, median)':<34} {len(all_ms):>5} {sum(r.errors for r in results):>4} "
                     f"{statistics.median(all_ms):>8.1f}")
    return "\n".join(lines)
