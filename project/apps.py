"""The project package as an app (the cache table's migration), and django-tasks-db's
app under a name people can read in both languages."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_tasks_db.apps import TasksAppConfig

# The package's names are English only: marked here, the site's catalogue translates them.
MODEL_NAMES = [gettext_noop("Task Result"), gettext_noop("Task Results")]


class ProjectConfig(AppConfig):
    name = "project"
    verbose_name = "Project plumbing"


class TaskResultsConfig(TasksAppConfig):
    # Lazy, as Django's own apps' names are; the package types the attribute as str.
    verbose_name = _("Background tasks")  # type: ignore[assignment]
