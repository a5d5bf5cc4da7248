"""Post comments at a steady rate through a site's own comment form, as people do.

    .venv/bin/python bench/writer.py --base-url http://127.0.0.1:8404 \
        --paths paths.txt --rate 20 --seconds 15

For each comment, as a new visitor, it GETs an entity page (drawn from the
entity pages of the weighted paths file that the readers' wrk script uses, so
writes follow the same popularity), takes the CSRF cookie and the
``csrfmiddlewaretoken`` of the form with a ``content`` field, and POSTs name,
email and content (the trap field ``website`` left empty) to the form's
action. A 302 is a success. A page without the form (the project's, kept for
every anonymous visitor) links to the form's own page (the link htmx loads in
place, ``data-hx-get``): that page is asked for, as a browser does.

Posts are started on a fixed schedule (open loop: a slow answer does not slow
the schedule, up to ``--workers`` posts in flight). It prints one JSON object:
posts attempted and stored (302), errors by kind, achieved posts per second
and the latency of a whole post (GET and POST).

It relies only on URLs and the HTML form, so it drives the project and the
tutorial-style baseline (bench/baseline/) alike.
"""

import argparse
import http.client
import json
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

ENTITY_PAGE = re.compile(r"^/entities/[^/?#]+/$")
TIMEOUT = 30


class FormParser(HTMLParser):
    """Collects every form: its action and the names and values of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.form_links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attributes.get("action") or "", "fields": {}})
        elif tag == "a" and attributes.get("data-hx-get") and attributes.get("href"):
            self.form_links.append(attributes["href"] or "")
        elif tag in {"input", "textarea", "select"} and self.forms and attributes.get("name"):
            self.forms[-1]["fields"][attributes["name"]] = attributes.get("value") or ""


def comment_form(html: str) -> tuple[dict | None, list[str]]:
    """The comment form of a page, and the links to forms loaded in place."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if "csrfmiddlewaretoken" in form["fields"] and "content" in form["fields"]:
            return form, parser.form_links
    return None, parser.form_links


def request(
    base: str, method: str, path: str, body: str | None = None, headers: dict | None = None
) -> tuple[int, http.client.HTTPMessage, str]:
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def post_comment(base: str, path: str, number: int, with_port: bool = False) -> str | None:
    """One comment through the form; None when stored, else what went wrong."""
    status, headers, html = request(base, "GET", path)
    if status != 200:
        return f"GET {status}"
    form, links = comment_form(html)
    if form is None and links:
        path = urljoin(path, links[0])
        status, headers, html = request(base, "GET", path)
        if status != 200:
            return f"GET form {status}"
        form, _ = comment_form(html)
    if form is None:
        return "no comment form on the page"
    cookies = SimpleCookie()
    for header in headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    fields = {
        "csrfmiddlewaretoken": form["fields"]["csrfmiddlewaretoken"],
        "name": "Bench writer",
        "email": "writer@example.com",
        "content": f"Comment {number} from the live benchmark's writer.",
        "website": "",
    }
    action = urlsplit(urljoin(base + path, form["action"]))
    origin = f"{action.scheme}://{action.netloc if with_port else action.hostname}"
    status, _, _ = request(
        base,
        "POST",
        action.path + (f"?{action.query}" if action.query else ""),
        body=urlencode(fields),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items()),
            # As a browser on the site's standard port sends them: nginx passes
            # the host without a port (Host $host), and Django's CSRF check
            # compares the Origin with it; straight into gunicorn, with the port.
            "Origin": origin,
            "Referer": origin + path,
        },
    )
    return None if status == 302 else f"POST {status}"


def entity_paths(paths_file: str) -> tuple[list[str], list[float]]:
    paths, weights = [], []
    with open(paths_file, encoding="utf-8") as lines:
        for line in lines:
            weight, path = line.split()
            if ENTITY_PAGE.match(path):
                paths.append(path)
                weights.append(float(weight))
    if not paths:
        raise SystemExit(f"{paths_file} has no entity pages")
    return paths, weights


def run(
    base: str,
    paths_file: str,
    rate: float,
    seconds: float,
    workers: int,
    seed: int,
    with_port: bool = False,
) -> dict:
    paths, weights = entity_paths(paths_file)
    chooser = random.Random(seed)
    total = round(rate * seconds)
    targets = chooser.choices(paths, weights=weights, k=total)
    errors: Counter[str] = Counter()
    latencies: list[float] = []
    lock = threading.Lock()

    def one(number: int, path: str) -> None:
        started = time.monotonic()
        try:
            problem = post_comment(base, path, number, with_port)
        except (OSError, http.client.HTTPException) as error:
            problem = type(error).__name__
        with lock:
            if problem:
                errors[problem] += 1
            else:
                latencies.append(time.monotonic() - started)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for number, path in enumerate(targets):
            delay = started + number / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, number, path)
    elapsed = max(time.monotonic() - started, seconds)
    latencies.sort()
    return {
        "rate": rate,
        "attempted": total,
        "posted": len(latencies),
        "errors": dict(errors),
        "seconds": round(elapsed, 2),
        "posts_per_second": round(len(latencies) / elapsed, 2),
        "latency_p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "latency_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1)
        if latencies
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", required=True, help="http://host:port of the site")
    parser.add_argument("--paths", required=True, help="file of 'weight path' lines")
    parser.add_argument("--rate", type=float, required=True, help="comments per second")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", type=int, default=16, help="posts in flight at most")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--direct", action="store_true", help="the site is gunicorn itself, not behind nginx"
    )
    args = parser.parse_args()
    if args.rate <= 0:
        raise SystemExit("--rate must be more than 0")
    result = run(
        args.base_url.rstrip("/"),
        args.paths,
        args.rate,
        args.seconds,
        args.workers,
        args.seed,
        args.direct,
    )
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
