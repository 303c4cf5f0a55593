"""What a database holds, read the same way when a backup is made and before one is restored: the
migrations applied, whether it has any of the service's data, and a few counts to report."""

from __future__ import annotations

import subprocess
import tomllib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def applied_migrations() -> list[str]:
    """"app.name" of every migration the database has applied (none for a database never migrated)."""
    if MigrationRecorder.Migration._meta.db_table not in connection.introspection.table_names():
        return []
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder.Migration.objects.values_list("app", "name"))


def known_migrations() -> set[str]:
    """The migrations this version of the code has."""
    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}


def _data_models() -> list:
    """The tables whose rows are the service's data: the app's own (plans, history, papers, …) and the
    accounts. Content types, permissions, role groups and migration records are made by `migrate` itself."""
    models = sorted(apps.get_app_config("actionplan").get_models(), key=lambda m: m.__name__.startswith("Historical"))
    return [get_user_model(), *models]


def tables_with_data() -> list[str]:
    existing = set(connection.introspection.table_names())
    return [
        model._meta.db_table
        for model in _data_models()
        if model._meta.db_table in existing and model._default_manager.exists()
    ]


def counts() -> dict[str, int]:
    """Figures for the manifest and the restore's closing line (history rows across every versioned model)."""
    models = apps.get_app_config("actionplan").get_models()
    return {
        "plans": apps.get_model("actionplan", "Plan").objects.count(),
        "users": get_user_model().objects.count(),
        "history_rows": sum(m._default_manager.count() for m in models if m.__name__.startswith("Historical")),
    }


def app_version() -> dict[str, str | None]:
    base = Path(settings.BASE_DIR)
    with (base / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    try:  # a deployment from a git clone says exactly which commit it runs
        commit = subprocess.run(
            ["git", "-C", str(base), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = None
    return {"version": version, "commit": commit or None}


def describe(counts: dict[str, int]) -> str:
    """"2 plans, 1 user account, 794 history rows" (and the media files, when counted)."""
    words = {"plans": "plan", "users": "user account", "history_rows": "history row", "media_files": "media file"}
    return ", ".join(
        f"{counts[key]:,} {word}{'' if counts[key] == 1 else 's'}" for key, word in words.items() if key in counts
    )
