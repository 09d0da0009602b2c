"""One page of a long list."""

from dataclasses import dataclass

from sqlalchemy import func, select

PER_PAGE = 50


@dataclass(frozen=True)
class Page:
    """Rows of one page, its number, the number of pages and the total row count."""

    items: list
    number: int
    pages: int
    total: int


def paginate(session, statement, number: int, per_page: int = PER_PAGE, scalars=True) -> Page:
    """Run statement for one page (1-based); a page past the end gives the last page."""
    total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    pages = max(1, -(-total // per_page))
    number = min(max(1, number), pages)
    query = statement.limit(per_page).offset((number - 1) * per_page)
    rows = session.scalars(query) if scalars else session.execute(query)
    return Page(list(rows), number, pages, total)
