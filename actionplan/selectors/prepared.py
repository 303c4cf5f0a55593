"""Row reads compiled to SQL once per database connection and run again for each action.

Django compiles a queryset to SQL afresh each time it runs: for the action page's reads of an action's
history and notes (thirty columns and a join each) that took about half a millisecond a query, as long as
running it on PostgreSQL (issue 14). A `Prepared` read is the same queryset, its SQL and the database's
converters for its columns kept from the first run on a connection; each later run only swaps in the
action's id. Its rows are those of the queryset's `values_list()`, and it is one query, as before.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.utils import timezone

_MARK = 918273645  # the id the SQL is compiled for: found once among its parameters, swapped for each action's


class Prepared:
    """`build(id)`: a `values_list()` queryset (plain fields, no annotations) in which `id` is the one
    parameter that changes from run to run. `rows(id)` runs it: a list of tuples, as `list(build(id))` is."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self.build = build
        # Per connection (the SQL and the converters are its database's; a connection is a thread's own), and
        # per time zone: a date of a time in SQL (TruncDate, in notes' order) takes the current one's name.
        self._compiled: weakref.WeakKeyDictionary[Any, dict[str, tuple[str, list, int, list]]] = (
            weakref.WeakKeyDictionary()
        )

    def _compile(self, using: str) -> tuple[str, list, int, list]:
        queryset = self.build(_MARK)
        query = queryset.query
        if query.annotation_select or query.extra_select:
            raise ValueError("a prepared read selects plain fields only")  # their order is the select's
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        at = [i for i, param in enumerate(params) if param == _MARK]
        if len(at) != 1:
            raise ValueError("a prepared read's id must be one parameter of its query")
        expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = [(pos, convs, expression) for pos, (convs, expression) in
                      compiler.get_converters(expressions).items()]
        return sql, list(params), at[0], converters

    def rows(self, id: int, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        connection = connections[using]
        zone = timezone.get_current_timezone_name()
        compiled = self._compiled.setdefault(connection, {}).get(zone)
        if compiled is None:
            compiled = self._compiled[connection][zone] = self._compile(using)
        sql, params, at, converters = compiled
        params = params.copy()
        params[at] = id
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows  # tuples, from both backends' cursors
        converted = []
        for row in rows:  # as the compiler's apply_converters does
            values = list(row)
            for pos, convs, expression in converters:
                value = values[pos]
                for convert in convs:
                    value = convert(value, expression, connection)
                values[pos] = value
            converted.append(tuple(values))
        return converted
