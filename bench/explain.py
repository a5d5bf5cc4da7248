"""Print the queries every benchmarked page runs, with PostgreSQL's plan for each.

    DATABASE_URL=postgres://…/db .venv/bin/python bench/explain.py [--plans]

For each page it shows the queries with an empty cache (the worst case; the
total and the anchors are computed then kept until an entity is created or
deleted) and with a warm one, the time each took in EXPLAIN ANALYZE, and
whether any plan reads a whole table (a sequential scan).
"""

import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings.dev")

import django

django.setup()

from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from entities.models import Entity  # noqa: E402

BUSY_SLUG = "the-most-discussed-entity"
SEARCH = "glass bridge 999"


def pages() -> dict[str, str]:
    entities = Entity.objects.count()
    busy = Entity.objects.get(slug=BUSY_SLUG)
    detail = reverse("entities:detail", args=[BUSY_SLUG])
    last_comments = max(1, -(-busy.comment_count // 20))
    list_url = reverse("entities:list")
    last = max(1, -(-entities // 10))
    return {
        "list page 1": list_url,
        "list middle page": f"{list_url}?page={last // 2}",
        "list last page": f"{list_url}?page={last}",
        "search": f"{list_url}?q={SEARCH.replace(' ', '+')}",
        "search, common word": f"{list_url}?q=bridge",
        "detail, first comments": detail,
        "detail, middle comments": f"{detail}?page={last_comments // 2}",
        "detail, last comments": f"{detail}?page={last_comments}",
    }


def explain(sql: str) -> tuple[float, list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        plan = [row[0] for row in cursor.fetchall()]
    total = float(re.search(r"Execution Time: ([\d.]+)", plan[-1]).group(1))
    return total, plan


def main() -> None:
    show_plans = "--plans" in sys.argv
    client = Client()
    whole_table_scans = 0
    for name, url in pages().items():
        for state in ("empty cache", "warm cache"):
            if state == "empty cache":
                caches["pages"].clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            print(f"\n## {name} ({url}), {state}: {len(queries)} queries")
            for query in queries.captured_queries:
                sql = query["sql"]
                if sql.startswith("DECLARE"):  # a server-side cursor: explain its query
                    sql = sql.split(" FOR ", 1)[1]
                if not sql.startswith("SELECT"):
                    continue
                ms, plan = explain(sql)
                seq = [line.strip() for line in plan if "Seq Scan" in line]
                whole_table_scans += bool(seq)
                print(f"- {ms:8.2f} ms  {sql[:150]}{'…' if len(sql) > 150 else ''}")
                for line in seq:
                    print(f"    WHOLE TABLE: {line}")
                if show_plans:
                    print("\n".join("    " + line for line in plan))
    print(f"\nplans with a sequential scan: {whole_table_scans}")


if __name__ == "__main__":
    main()
