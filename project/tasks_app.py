"""django-tasks-db's app under a name people can read, in English and Russian.

The package names its app in English only and ships no Russian catalogue; the
admin lists both. Its model's names are marked here so the site's catalogue
translates them (Django looks in LOCALE_PATHS first).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig

MODEL_NAMES = [gettext_noop("Task Result"), gettext_noop("Task Results")]


class TaskResultsConfig(TasksAppConfig):
    # Lazy, as Django's own apps' names are; the package types the attribute as str.
    verbose_name = _("Background tasks")  # type: ignore[assignment]
