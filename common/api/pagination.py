from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination

# Below this many rows an exact COUNT(*) is cheap (a few ms); above it, an unfiltered page
# takes PostgreSQL's own row estimate instead of counting every row on every request.
EXACT_COUNT_UP_TO = 20_000


def estimated_rows(queryset) -> int | None:
    """PostgreSQL's estimate of the table's rows (pg_class.reltuples, kept by VACUUM/ANALYZE
    and autovacuum), or None when it is not to be used: another database, a never-analysed
    table (-1), or a queryset with any filter (its count is exact, whatever it costs)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql" or queryset.query.where or queryset.query.distinct:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table]
        )
        row = cursor.fetchone()
    return row[0] if row and row[0] >= 0 else None


class RowsAfterPage(Page):
    """A page that knows whether rows follow it from having read one row more, not from a count."""

    def __init__(self, object_list, number, paginator, more: bool):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class EstimatingPaginator(Paginator):
    """Django's paginator, except that an unfiltered big table is not counted: `count` is
    the estimate, and the pages (next link, the last page) come from the rows themselves,
    so an estimate off by some rows never hides a page nor invents one."""

    @cached_property
    def estimate(self) -> int | None:
        estimate = estimated_rows(self.object_list)
        return estimate if estimate is not None and estimate > EXACT_COUNT_UP_TO else None

    @cached_property
    def count(self) -> int:
        return self.estimate if self.estimate is not None else super().count

    def validate_number(self, number):
        if self.estimate is None:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number

    def page(self, number):
        if self.estimate is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return RowsAfterPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class ApiPagination(PageNumberPagination):
    """`?page=2&page_size=100`; at most 1000 rows a page. `count` is exact, except for an
    unfiltered listing of a table with more than 20,000 rows, where it is PostgreSQL's
    estimate (within a few percent; see docs/api.md); `next` is exact either way."""

    django_paginator_class = EstimatingPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
