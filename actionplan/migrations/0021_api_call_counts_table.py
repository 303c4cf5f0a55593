"""The table the API's per-token call counts are kept in (settings.CACHES["throttle"]), made by `migrate`
so every way a database is set up or brought up to date makes it: `make setup`, a deployment's migrate
step, a restored backup from before this table (`backup_restore` says to run migrate) and the tests."""

from django.core.management import call_command
from django.db import migrations


def make_cache_tables(apps, schema_editor):
    # createcachetable skips a table that exists and any cache that is not kept in the database.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0020_api_tokens")]

    operations = [migrations.RunPython(make_cache_tables, migrations.RunPython.noop, elidable=False)]
