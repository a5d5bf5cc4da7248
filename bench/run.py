"""The benchmark: the same pages at 1,000 and at 1,000,000 entities, then the
live scenario (bench/live.py: readers and a comment writer, against a
tutorial-style baseline).

    make bench          # 1,000 then 1,000,000 entities (5 comments each), then live
    make bench-quick    # 1,000 then 100,000, then live with shorter runs
    make bench-live     # only the live scenario (run.py --live-only)

It loads each size into its own database with ``bench/load.py`` (plus one
entity with 100,000 comments), starts one gunicorn per database under
production settings with 2 sync workers each, and then, in rounds, for every
page: ``wrk -t2 -c8`` against ``/healthz`` (the framework's ceiling: no
database), against the page at the small size, against the page at the big
size. Measuring both sizes side by side keeps the ratio between them honest on
a machine whose load changes from minute to minute. It prints req/s, p50 and
p99 (medians over the rounds), the ratio to the ``/healthz`` run just before,
the ratio of the big size to the small one, and the peak resident memory of a
worker.

Every page is measured three times, as an anonymous visitor: with the page
cache, asking gunicorn directly; the same through nginx with
deploy/nginx/entities-proxy.conf, as deployed (its micro-cache keeps every
anonymous page for ``HTTP_CACHE_SECONDS`` and revalidates it with its ETag),
whose ratio is to ``/healthz`` through the same nginx; and with
``PAGE_CACHE_SECONDS=0``, where every request reads its rows and renders
everything (the real query cost).

Searches are not measured through nginx: the shipped nginx answers one client
two searches a second (and a burst of 20) and refuses the rest with 429
(deploy/nginx/entities-limits.conf), so wrk from one address would measure
that limit, not the site. Their cost is the site's, measured directly (with and
without the page cache); what nginx adds for a repeated search is its
micro-cache, as for the list pages measured through it. The bench's nginx is
the shipped one, limit included: no address is exempted for it.

Settings (environment): BENCH_DB (database name prefix, default entities_bench;
the databases are <prefix>_<size>),
BENCH_PG (server URL, default postgres://postgres@127.0.0.1:5432), BENCH_PORT
(default 8400; the size part uses it to +3 and +8, +9 for its nginx, the live
part +4 to +7),
BENCH_SECONDS (per run, default 4; 2 with --quick), BENCH_ROUNDS (default 3; 2
with --quick). The live part's own settings are in bench/live.py.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import live
from common import (
    DB,
    ENV,
    PG,
    PORT,
    load,
    machine,
    manage,
    recreate_database,
    run_wrk,
    say,
    start_gunicorn,
    start_nginx,
)

SECONDS = ROUNDS = 0  # set in main(): --quick runs shorter and fewer rounds
COMMENTS_EACH = 5
BUSY_COMMENTS = 100_000
BUSY_SLUG = "the-most-discussed-entity"
VIA_NGINX = "through nginx"
NGINX_PORT = PORT + 8


def database(size: int) -> str:
    return f"{DB}_{size}"


def seed(entities: int) -> float:
    started = time.monotonic()
    output = load(
        database(entities),
        f"--entities={entities}",
        f"--comments={COMMENTS_EACH}",
        f"--busy-entity={BUSY_COMMENTS}",
    )
    elapsed = time.monotonic() - started
    say("  " + output.strip().replace("\n", "\n  "))
    return elapsed


def pages(entities: int) -> dict[str, str]:
    # The list is capped at EntityListView.max_pages (100) pages: its last page is
    # the deepest any visitor can ask for, at every size from 1,000 entities on.
    last_comments = -(-BUSY_COMMENTS // 20)
    return {
        "list page 1": "/entities/",
        "list middle page": "/entities/?page=50",
        "list last page": "/entities/?page=100",
        "search (a word nothing contains)": "/entities/?q=zzzzz",
        "search (one entity)": "/entities/?q=most+discussed",
        "search (a name)": "/entities/?q=glass+bridge+999",
        "search (a common word)": "/entities/?q=bridge",
        "detail, first comments": f"/entities/{BUSY_SLUG}/",
        "detail, last comments": f"/entities/{BUSY_SLUG}/?page={last_comments}",
    }


def start_server(size: int, port: int, page_cache: bool) -> subprocess.Popen:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "DATABASE_URL": f"{PG}/{database(size)}",
    }
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    return start_gunicorn("project.wsgi", port, env)


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def peak_rss_mb(pids: list[int]) -> float:
    peaks = []
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            match = re.search(r"VmHWM:\s+(\d+) kB", status.read_text())
            if match:
                peaks.append(int(match.group(1)) / 1024)
    return max(peaks, default=0.0)


def get(url: str) -> None:
    with urllib.request.urlopen(url, timeout=120) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
        response.read()


def wrk(url: str) -> tuple[float, float, float]:
    result = run_wrk(url, SECONDS)
    if result["non_2xx"]:
        raise SystemExit(f"{url} answered with errors:\n{result['output']}")
    return result["rps"], result["p50"], result["p99"]


def measure(sizes: list[int]) -> tuple[dict, dict]:
    """{size: {(page, visitor): (req/s, p50, p99, ratio to /healthz)}, "size ratio": {…}}
    and {size: a worker's peak RSS in MB}."""
    # One server per size and visitor: with the page cache, and without it. The
    # visitor through nginx asks the page-cache server through an nginx of its own.
    visitors = {"anonymous": True, "no page cache": False}
    ports = {
        (size, visitor): PORT + index
        for index, (size, visitor) in enumerate(
            (size, visitor) for size in sizes for visitor in visitors
        )
    }
    servers = {
        key: start_server(key[0], port, page_cache=visitors[key[1]]) for key, port in ports.items()
    }
    folder = tempfile.TemporaryDirectory()
    fronts = {
        size: start_nginx(
            Path(folder.name) / str(size), NGINX_PORT + index, ports[size, "anonymous"]
        )
        for index, size in enumerate(sizes)
    }
    for size in sizes:
        ports[size, VIA_NGINX] = NGINX_PORT + sizes.index(size)
    try:
        names = list(pages(sizes[0]))
        # Searches only directly: through nginx one client gets 2 a second (docstring).
        targets = [
            (name, visitor)
            for name in names
            for visitor in [*visitors, VIA_NGINX]
            if not (visitor == VIA_NGINX and "q=" in pages(sizes[0])[name])
        ]

        def url(size: int, name: str, visitor: str) -> str:
            path = pages(size).get(name, name)
            return f"http://127.0.0.1:{ports[size, visitor]}{path}"

        # Warm up: connections, templates, anchors and counts in each worker's cache.
        for size in sizes:
            for name, visitor in targets:
                for _ in range(4):
                    get(url(size, name, visitor))
        samples: dict[int, dict] = {size: {} for size in sizes}
        # The big size's req/s over the small one's, run right after each other.
        size_ratios: dict[tuple[str, str], list[float]] = {}
        for round_number in range(1, ROUNDS + 1):
            say(f"  round {round_number}/{ROUNDS}")
            for name, visitor in targets:
                # The ceiling the same way the page is asked: direct, or through nginx.
                ceiling, _, _ = wrk(url(sizes[0], "/healthz", visitor))
                healthz = "/healthz" if visitor != VIA_NGINX else f"/healthz {VIA_NGINX}"
                for size in sizes:
                    rps, p50, p99 = wrk(url(size, name, visitor))
                    samples[size].setdefault((name, visitor), []).append(
                        (rps, p50, p99, rps / ceiling)
                    )
                    samples[size].setdefault((healthz, ""), []).append((ceiling, 0, 0, 1.0))
                small, big = (samples[size][name, visitor][-1][0] for size in sizes)
                size_ratios.setdefault((name, visitor), []).append(big / small)
        results = {
            size: {
                key: tuple(statistics.median(column) for column in zip(*values, strict=True))
                for key, values in by_page.items()
            }
            for size, by_page in samples.items()
        }
        results["size ratio"] = {
            key: statistics.median(values) for key, values in size_ratios.items()
        }
        peaks = {
            size: max(peak_rss_mb(worker_pids(servers[size, visitor])) for visitor in visitors)
            for size in sizes
        }
        return results, peaks
    finally:
        for front in fronts.values():
            front.stop()
        for server in servers.values():
            server.send_signal(signal.SIGTERM)
        for server in servers.values():
            server.wait(timeout=30)
        folder.cleanup()


def table(sizes: list[int], results: dict, rss: dict[int, float]) -> str:
    small, big = sizes
    lines = [
        f"| page | visitor | req/s {small:,} | p50 ms | p99 ms | ÷ /healthz "
        f"| req/s {big:,} | p50 ms | p99 ms | ÷ /healthz | {big:,} ÷ {small:,} |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    ceilings = [key for key in results[small] if key[0].startswith("/healthz")]
    keys = [*ceilings, *(key for key in results[small] if key not in ceilings)]
    for key in keys:
        page, visitor = key
        a, b = results[small][key], results[big][key]
        ratio = results["size ratio"].get(key, b[0] / a[0])
        mark = "" if key in ceilings else (" ✓" if ratio >= 0.8 else " ✗")
        lines.append(
            f"| {page} | {visitor} | {a[0]:,.0f} | {a[1]:.1f} | {a[2]:.1f} | {a[3]:.2f} "
            f"| {b[0]:,.0f} | {b[1]:.1f} | {b[2]:.1f} | {b[3]:.2f} | {ratio:.2f}{mark} |"
        )
    lines.append("")
    lines.append(
        f"Ratios are medians of the per-round ratios (✓: at least 0.80). Peak resident "
        f"memory of a worker: {rss[small]:.0f} MB at {small:,} entities, "
        f"{rss[big]:.0f} MB at {big:,}."
    )
    return "\n".join(lines)


def measure_sizes(quick: bool) -> None:
    """The same pages at 1,000 and at 1,000,000 (quick: 100,000) entities."""
    global SECONDS, ROUNDS
    SECONDS = int(os.environ.get("BENCH_SECONDS", "2" if quick else "4"))
    ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2" if quick else "3"))
    sizes = [1_000, 100_000 if quick else 1_000_000]
    started = time.monotonic()
    seeding = {}
    for size in sizes:
        say(f"Database {database(size)}: recreating, migrating")
        recreate_database(database(size))
        manage(database(size), "migrate", "--noinput")
        say(
            f"Loading {size:,} entities ({COMMENTS_EACH} comments each, one with {BUSY_COMMENTS:,})"
        )
        seeding[size] = seed(size)
        say(f"  loaded in {seeding[size]:.0f} s")
    manage(database(sizes[0]), "collectstatic", "--noinput", settings="project.settings.prod")
    say("Measuring both sizes side by side")
    results, rss = measure(sizes)
    say("")
    say(f"{machine()}, gunicorn 2 sync workers, wrk -t2 -c8 {SECONDS} s, median of {ROUNDS} rounds")
    say(
        f"Loading: {sizes[0]:,} entities in {seeding[sizes[0]]:.0f} s, {sizes[1]:,} "
        f"in {seeding[sizes[1]]:.0f} s; sizes part {time.monotonic() - started:.0f} s"
    )
    say("")
    say(table(sizes, results, rss))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 100,000 entities")
    parser.add_argument(
        "--live-only", action="store_true", help="only the live scenario (readers and a writer)"
    )
    args = parser.parse_args()
    started = time.monotonic()
    if not args.live_only:
        measure_sizes(args.quick)
        say("")
    live.main(quick=args.quick)
    say("")
    say(f"Whole run {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
