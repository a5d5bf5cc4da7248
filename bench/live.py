"""The live scenario: readers spread over the site while a writer posts comments.

    .venv/bin/python bench/run.py --live-only     # make bench-live

10,000 entities with 5 comments each (``bench/load.py``) in one database and
a copy of it (``CREATE DATABASE … TEMPLATE``) for the tutorial-style baseline
(bench/baseline/). The project runs as deployed: production settings, gunicorn
with gunicorn.conf.py and 2 sync workers, PostgreSQL, Redis as the cache
(BENCH_REDIS_URL, emptied before each phase).

Readers: ``wrk -t2 -c8`` with bench/live.lua, which draws every request from a
weighted list: 2,000 of the entity pages (70 % of the requests) and list pages
1-20 (30 %), each group Zipf-distributed (weight 1/rank). Meanwhile
bench/writer.py posts comments through the real form at 0, 5 and 20 a second,
to entities drawn from the same distribution; the comment rows are counted
before and after each run, so every post the writer saw succeed must be stored.
With the page cache on, every page of the list is asked once before the runs
(``prime``), so that the read-only run does not pay for first renderings that
the runs after it find done.

Both sites are asked through nginx, as deployed: each has its own nginx in
front of it with deploy/nginx/entities-proxy.conf, micro-cache included (it
keeps what a site marks ``public, s-maxage``; the baseline marks nothing). The
writer goes through it too: it reads the page as its readers do, then posts.
Where the readers go straight into gunicorn, so does the writer: a page is kept
under the address it is asked at, and a writer at another address would make
the project render each changed page twice, which no deployment does.

With the page cache on, the same readers then go straight into gunicorn, where
no shared cache serves them: anonymous, and signed in as a member (a session
cookie made with Django's test client), beside the baseline's anonymous readers
straight into its gunicorn, read-only and at 20 comments a second.

Two phases, each with Redis emptied and the project started afresh: the page
cache on (as deployed), then ``PAGE_CACHE_SECONDS=0`` (Django keeps no page;
nginx still keeps the public ones for their seconds). In each, the baseline
(same gunicorn options, no cache at all) is run read-only and at 20 comments a
second right after the project's run at the same rate, so the project/baseline
ratios compare runs made side by side.

Settings (environment): BENCH_DB (prefix: databases <prefix>_live and
<prefix>_live_baseline), BENCH_PG, BENCH_PORT (the project listens on +4, the
baseline on +5, their nginx on +6 and +7), BENCH_REDIS_URL (default redis://127.0.0.1:6379/3),
BENCH_LIVE_SECONDS (per run, default 15; 5 with --quick).
"""

import json
import os
import random
import signal
import subprocess
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import redis
from common import (
    DB,
    ENV,
    PG,
    PORT,
    PYTHON,
    load,
    machine,
    manage,
    recreate_database,
    run_wrk,
    say,
    start_gunicorn,
    start_nginx,
)

ENTITIES = 10_000
COMMENTS_EACH = 5
ENTITY_PAGES = 2_000
LIST_PAGES = 20
ENTITY_SHARE = 0.7
ZIPF_S = 1.0
RATES = (0, 5, 20)
BASELINE_RATES = (0, 20)
SITES = ("project", "baseline")
DIRECT = "project, straight into gunicorn"
SIGNED_IN = "project, signed in, straight into gunicorn"
BASELINE_DIRECT = "baseline, straight into gunicorn"
# How long /healthz is asked, for the machine's ceiling at the start of a phase.
CEILING_SECONDS = 3
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
# The writer posts from one address: far above anything it sends.
COMMENT_RATE_LIMIT = "100000/m"

BENCH = Path(__file__).resolve().parent
LUA = BENCH / "live.lua"
WRITER = BENCH / "writer.py"
PROJECT_DB = f"{DB}_live"
BASELINE_DB = f"{DB}_live_baseline"
PROJECT_PORT = PORT + 4
BASELINE_PORT = PORT + 5
# Where the readers and the writer send their requests: each site's nginx.
PROJECT_FRONT = PORT + 6
BASELINE_FRONT = PORT + 7
# The options gunicorn.conf.py gives the project, for the baseline (its warm-up and
# gc.freeze() are in baseline/wsgi.py).
BASELINE_GUNICORN = [
    "--preload",
    "--keep-alive=2",
    "--timeout=30",
    "--max-requests=20000",
    "--max-requests-jitter=2000",
    "--access-logfile=-",
]


def zipf(count: int, share: float) -> list[float]:
    weights = [1 / rank**ZIPF_S for rank in range(1, count + 1)]
    total = sum(weights)
    return [share * weight / total for weight in weights]


def write_paths(path: Path) -> None:
    """The weighted list the readers and the writer draw from: 2,000 entities
    chosen and ranked at random (the same every run), then list pages 1-20."""
    with psycopg.connect(f"{PG}/{PROJECT_DB}") as connection:
        query = "SELECT slug FROM entities_entity ORDER BY id"
        slugs = [slug for (slug,) in connection.execute(query)]
    chosen = random.Random(ENTITIES).sample(slugs, ENTITY_PAGES)
    lines = [
        f"{weight:.9f} /entities/{slug}/"
        for weight, slug in zip(zipf(ENTITY_PAGES, ENTITY_SHARE), chosen, strict=True)
    ]
    lines += [
        f"{weight:.9f} /entities/?page={page}"
        for page, weight in enumerate(zipf(LIST_PAGES, 1 - ENTITY_SHARE), start=1)
    ]
    path.write_text("\n".join(lines) + "\n")


def comment_rows(db: str) -> tuple[int, int]:
    """The comment rows and the sum of the entities' comment counts."""
    with psycopg.connect(f"{PG}/{db}") as connection:
        rows = connection.execute("SELECT count(*) FROM comments_comment").fetchone()[0]
        counted = connection.execute(
            "SELECT coalesce(sum(comment_count), 0) FROM entities_entity"
        ).fetchone()[0]
    return rows, counted


def start_project(page_cache: bool) -> subprocess.Popen:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "project.settings.prod",
        "DATABASE_URL": f"{PG}/{PROJECT_DB}",
        "REDIS_URL": REDIS_URL,
        "COMMENT_RATE_LIMIT": COMMENT_RATE_LIMIT,
    }
    if not page_cache:
        env["PAGE_CACHE_SECONDS"] = "0"
    return start_gunicorn("project.wsgi", PROJECT_PORT, env)


def start_baseline() -> subprocess.Popen:
    env = {
        **ENV,
        "DJANGO_SETTINGS_MODULE": "baseline.settings",
        "DATABASE_URL": f"{PG}/{BASELINE_DB}",
    }
    return start_gunicorn(
        "baseline.wsgi",
        BASELINE_PORT,
        env,
        cwd=BENCH,
        options=BASELINE_GUNICORN,
        ready_path="/entities/",
    )


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def writer(
    port: int, paths: Path, rate: float, seconds: float, seed: int, direct: bool
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            PYTHON,
            str(WRITER),
            f"--base-url=http://127.0.0.1:{port}",
            f"--paths={paths}",
            f"--rate={rate}",
            f"--seconds={seconds}",
            f"--seed={seed}",
            *(["--direct"] if direct else []),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )


def readers(port: int, paths: Path, seconds: float, headers: tuple[str, ...] = ()) -> dict:
    env = {**os.environ, "LIVE_PATHS": str(paths)}
    return run_wrk(f"http://127.0.0.1:{port}", seconds, script=LUA, env=env, headers=headers)


def member_cookie() -> str:
    """The session cookie of a member of the project, signed in (no permissions)."""
    code = (
        "from django.test import Client; from users.models import User; "
        "u, _ = User.objects.get_or_create(username='bench-reader', email='reader@example.com'); "
        "c = Client(); c.force_login(u); print(c.cookies['sessionid'].value)"
    )
    # Sessions are written through to the database, where the site finds this one.
    key = manage(PROJECT_DB, "shell", "-c", code, settings="project.settings.prod")
    return f"Cookie: sessionid={key.strip().splitlines()[-1]}"


def prime(front: int, paths: Path) -> None:
    """Every page of the list asked once, two at a time: the cache starts each run
    as a site in use has it, not with first renderings in the read-only run."""

    def get(path: str) -> None:
        urllib.request.urlopen(f"http://127.0.0.1:{front}{path}", timeout=30).read()

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(get, [line.split()[1] for line in paths.read_text().splitlines()]))


def live_run(
    site: str,
    db: str,
    paths: Path,
    rate: int,
    seconds: float,
    seed: int,
    read_port: int | None = None,
    headers: tuple[str, ...] = (),
) -> dict:
    """Readers for ``seconds`` while the writer posts ``rate`` comments a second,
    both through the site's nginx, as a browser would; or both straight into
    gunicorn at ``read_port``, the readers with ``headers`` (a member's session
    cookie). The writer goes where the readers go: a page is kept under the address
    it was asked at, and no site is read at two addresses."""
    port = read_port or {"project": PROJECT_FRONT, "baseline": BASELINE_FRONT}[site]
    before, _ = comment_rows(db)
    posting = writer(port, paths, rate, seconds, seed, direct=bool(read_port)) if rate else None
    posts = {"posted": 0, "attempted": 0, "errors": {}, "posts_per_second": 0.0}
    try:
        reads = readers(port, paths, seconds, headers)
        if posting:
            output, _ = posting.communicate(timeout=120)
            if posting.returncode:
                raise SystemExit(f"the writer failed (exit {posting.returncode})")
            posts = json.loads(output)
    finally:
        if posting and posting.poll() is None:
            posting.kill()
            posting.wait()
    after, _ = comment_rows(db)
    return {**reads, "writer": posts, "stored": after - before}


def smoke_post(site: str, db: str, paths: Path) -> None:
    """One comment through the form before measuring: the form is found, the
    post answers 302 and the row is there."""
    result = live_run(site, db, paths, rate=1, seconds=1, seed=0)
    if result["writer"]["posted"] != 1 or result["stored"] != 1:
        raise SystemExit(f"a test comment on the {site} was not stored: {result['writer']}")


def read_errors(result: dict) -> str:
    errors = result["non_2xx"] + result["socket_errors"]
    timeouts = f" ({result['timeouts']} over 2 s)" if result["timeouts"] else ""
    return f"{errors}{timeouts}"


def row(site: str, cache: str, rate: int, result: dict, still: dict) -> str:
    posts = result["writer"]
    errors = ", ".join(f"{kind}: {n}" for kind, n in posts["errors"].items()) or "0"
    stored = str(result["stored"])
    if rate:
        lost = posts["posted"] - result["stored"]
        stored += " (all)" if not lost else f" ({lost} missing)"
    latency = posts.get("latency_p50_ms")
    return (
        f"| {site} | {cache} | {rate} | {result['rps']:,.0f} | {result['p50']:.1f} "
        f"| {result['p99']:.1f} | {result['rps'] / still['rps']:.2f} "
        f"| {read_errors(result)} "
        f"| {posts['posts_per_second']:.2f} | {latency if latency is not None else ''} "
        f"| {errors} | {stored} |"
    )


def main(quick: bool = False) -> None:
    seconds = int(os.environ.get("BENCH_LIVE_SECONDS", "5" if quick else "15"))
    started = time.monotonic()
    say(f"Live: database {PROJECT_DB}, {ENTITIES:,} entities x {COMMENTS_EACH} comments")
    recreate_database(PROJECT_DB)
    manage(PROJECT_DB, "migrate", "--noinput")
    load(
        PROJECT_DB,
        f"--entities={ENTITIES}",
        f"--comments={COMMENTS_EACH}",
    )
    manage(PROJECT_DB, "collectstatic", "--noinput", settings="project.settings.prod")
    say(f"  copied to {BASELINE_DB} for the baseline")
    recreate_database(BASELINE_DB, template=PROJECT_DB)
    cache = redis.Redis.from_url(REDIS_URL)
    results: dict[tuple[str, str, int], dict] = {}
    ceilings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        paths = Path(folder) / "paths.txt"
        write_paths(paths)
        member = member_cookie()
        baseline = start_baseline()
        fronts = [
            start_nginx(Path(folder) / "nginx-project", PROJECT_FRONT, PROJECT_PORT),
            start_nginx(Path(folder) / "nginx-baseline", BASELINE_FRONT, BASELINE_PORT),
        ]
        try:
            smoke_post("baseline", BASELINE_DB, paths)
            for page_cache in (True, False):
                label = "on" if page_cache else "off"
                cache.flushdb()
                project = start_project(page_cache)
                try:
                    smoke_post("project", PROJECT_DB, paths)
                    if page_cache:
                        prime(PROJECT_FRONT, paths)
                    # Readers for as long as a run before the first one: the read-only
                    # run then starts with the cache as warm as the runs after it
                    # find it (a 3 s warm-up left it colder, and 5 comments/s came
                    # out above 0 in every run).
                    for port in (PROJECT_FRONT, BASELINE_FRONT):
                        readers(port, paths, seconds)
                    # The framework's ceiling (through nginx) on this machine at this moment.
                    ceilings[label] = run_wrk(
                        f"http://127.0.0.1:{PROJECT_FRONT}/healthz", CEILING_SECONDS
                    )["rps"]
                    for rate in RATES:
                        say(f"  page cache {label}, {rate} comments/s")
                        results["project", label, rate] = live_run(
                            "project", PROJECT_DB, paths, rate, seconds, seed=rate
                        )
                        if rate in BASELINE_RATES:
                            results["baseline", label, rate] = live_run(
                                "baseline", BASELINE_DB, paths, rate, seconds, seed=rate
                            )
                    # Readers no shared cache serves: straight into gunicorn, anonymous
                    # and signed in, beside the baseline's anonymous readers. The pages
                    # are kept under the address they were asked at: primed again.
                    if page_cache:
                        prime(PROJECT_PORT, paths)
                    for rate in BASELINE_RATES if page_cache else ():
                        say(f"  straight into gunicorn, {rate} comments/s")
                        for site, db, port, headers in (
                            (DIRECT, PROJECT_DB, PROJECT_PORT, ()),
                            (SIGNED_IN, PROJECT_DB, PROJECT_PORT, (member,)),
                            (BASELINE_DIRECT, BASELINE_DB, BASELINE_PORT, ()),
                        ):
                            front_site = "baseline" if db == BASELINE_DB else "project"
                            results[site, label, rate] = live_run(
                                front_site, db, paths, rate, seconds, rate, port, headers
                            )
                finally:
                    stop(project)
        finally:
            for front in fronts:
                front.stop()
            stop(baseline)
    consistent = {db: comment_rows(db) for db in (PROJECT_DB, BASELINE_DB)}
    say("")
    say(
        f"{machine()}; wrk -t2 -c8 {seconds} s a run, one run each, through nginx; "
        f"gunicorn 2 sync workers; "
        f"live part {time.monotonic() - started:.0f} s"
    )
    say(
        "/healthz (no database) through nginx before each phase: "
        + ", ".join(f"{rps:,.0f} req/s (page cache {label})" for label, rps in ceilings.items())
    )
    say("")
    say(
        "| site | page cache | comments/s asked | reads/s | p50 ms | p99 ms "
        "| ÷ 0 comments/s | read errors | posts/s done | post p50 ms | post errors | rows stored |"
    )
    say("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    for (site, label, rate), result in results.items():
        still = results[site, label, 0]
        # The baseline has no cache of its own: "off" is the page cache of the
        # project run beside it.
        cache_text = f"none (beside project {label})" if site.startswith("baseline") else label
        say(row(site, cache_text, rate, result, still))
    say("")
    for label in ("on", "off"):
        ratios = []
        for rate in BASELINE_RATES:
            project_rps, baseline_rps = (results[site, label, rate]["rps"] for site in SITES)
            ratios.append(f"{rate} comments/s {project_rps / baseline_rps:.2f}")
        ratios = ", ".join(ratios)
        say(f"Project (page cache {label}) ÷ baseline reads/s: {ratios}")
    for site in (DIRECT, SIGNED_IN):
        ratios = ", ".join(
            f"{rate} comments/s "
            f"{results[site, 'on', rate]['rps'] / results[BASELINE_DIRECT, 'on', rate]['rps']:.2f}"
            for rate in BASELINE_RATES
        )
        say(f"{site.capitalize()} ÷ baseline anonymous, straight into gunicorn: {ratios}")
    for db, (rows, counted) in consistent.items():
        verdict = "matches" if rows == counted else "DOES NOT match"
        say(f"{db}: {rows:,} comment rows, sum of comment_count {counted:,}: {verdict}")
