"""A clear sentence, instead of a traceback, for a database made before ``users``.

The custom user model arrived after the first release: a development database
created before it holds Django's own ``auth_user`` table and an admin whose
migrations point at it, and Django would refuse it with
InconsistentMigrationHistory. ``migrate`` (so ``make run``) runs this check first.
"""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections
from django.db.migrations.recorder import MigrationRecorder


@register(Tags.database)
def database_from_before_accounts(
    app_configs: Sequence[AppConfig] | None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[Error]:
    errors: list[Error] = []
    for alias in databases or []:
        connection = connections[alias]
        try:
            recorder = MigrationRecorder(connection)
            if not recorder.has_table():
                continue
            applied = recorder.applied_migrations()
        except DatabaseError:  # no database yet, or it is down: other checks say so
            continue
        if ("admin", "0001_initial") in applied and ("users", "0001_initial") not in applied:
            if connection.vendor == "sqlite":
                fix = "delete db.sqlite3 (development data only) and run make run again"
            else:
                fix = (
                    "drop and create the database again (development data only), "
                    "then run make run again"
                )
            errors.append(
                Error(
                    f"The database {alias!r} was made before people had accounts (it holds "
                    f"Django's own auth_user table); {fix}.",
                    id="users.E001",
                )
            )
    return errors
