"""Query expressions the apps share."""

from django.db.models import BooleanField, F, Func, Subquery


class AmongTheRows(Func):
    """``column`` is one of the values ``queryset`` returns (``column IN (subquery)``).

    On PostgreSQL written ``= ANY(ARRAY(subquery))``: the subquery runs once, first, and the
    column's index is searched for its values, so the condition can be ORed with other
    index scans. With ``IN (subquery)`` ORed with anything, PostgreSQL tests the subquery
    against every row instead (a sequential scan of the table, growing with it).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(self, column, queryset):
        super().__init__(F(column), Subquery(queryset))

    def _compiled(self, compiler):
        column, subquery = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        return column_sql, subquery_sql, (*column_params, *subquery_params)

    def as_sql(self, compiler, connection, **extra_context):
        column_sql, subquery_sql, params = self._compiled(compiler)
        return f"{column_sql} IN {subquery_sql}", params

    def as_postgresql(self, compiler, connection, **extra_context):
        column_sql, subquery_sql, params = self._compiled(compiler)
        return f"{column_sql} = ANY(ARRAY{subquery_sql})", params
