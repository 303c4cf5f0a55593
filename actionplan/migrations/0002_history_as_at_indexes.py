"""Index every history table on (id, history_date) for the "as at" query.

versions_as_at() ranks each object's rows by date; simple-history's own composite
index is (history_date, id), which does not serve a per-object partition. Plain SQL
keeps the index out of the model state (the historical models are generated).
"""

from django.db import migrations

TABLES = [
    "plan", "timescalegroup", "person", "partnerorganisation", "glossaryterm", "recommendation",
    "recommendationsummary", "action", "actionlead", "progressnote", "evidence", "indicator",
    "indicatortarget", "indicatorvalue",
]


def _ops():
    for table in TABLES:
        name = f"hist_{table}_id_date"
        yield migrations.RunSQL(
            f"CREATE INDEX {name} ON actionplan_historical{table} (id, history_date)",
            reverse_sql=f"DROP INDEX {name}",
        )


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0001_initial")]
    operations = list(_ops())
