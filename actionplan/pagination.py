"""GOV.UK pagination (design-system.service.gov.uk/components/pagination) for a Django `Page`: the action
list's pages (tables.ActionTable.pagination). Written here rather than by a template: a template's loop
with a {% querystring %} for each link was a visible part of the list's time (issue 14)."""

from django.core.paginator import Page
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

PREVIOUS = (
    '<div class="govuk-pagination__prev">\n'
    '    <a class="govuk-link govuk-pagination__link" href="{}" rel="prev">\n'
    '      <svg class="govuk-pagination__icon govuk-pagination__icon--prev" xmlns="http://www.w3.org/2000/svg"'
    ' height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m6.5938-0.0078125'
    '-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z"></path>'
    "</svg>\n"
    '      <span class="govuk-pagination__link-title">Previous<span class="govuk-visually-hidden"> page</span></span>\n'
    "    </a>\n"
    "  </div>"
)
NEXT = (
    '<div class="govuk-pagination__next">\n'
    '    <a class="govuk-link govuk-pagination__link" href="{}" rel="next">\n'
    '      <span class="govuk-pagination__link-title">Next<span class="govuk-visually-hidden"> page</span></span>\n'
    '      <svg class="govuk-pagination__icon govuk-pagination__icon--next" xmlns="http://www.w3.org/2000/svg"'
    ' height="13" width="15" aria-hidden="true" focusable="false" viewBox="0 0 15 13"><path d="m8.107-0.0078125'
    '-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z"></path>'
    "</svg>\n"
    "    </a>\n"
    "  </div>"
)
PAGE = (
    '<li class="govuk-pagination__item">\n'
    '      <a class="govuk-link govuk-pagination__link" href="{}" aria-label="Page {}">{}</a>\n'
    "    </li>"
)
CURRENT = (
    '<li class="govuk-pagination__item govuk-pagination__item--current">\n'
    '      <a class="govuk-link govuk-pagination__link" href="{}" aria-label="Page {}" aria-current="page">{}</a>\n'
    "    </li>"
)
GAP = '<li class="govuk-pagination__item govuk-pagination__item--ellipsis">&ctdot;</li>'


def govuk_pagination(page: Page, query: QueryDict, field: str = "page") -> SafeString:
    """Links to the previous and next pages and to the pages around this one, with gaps (1 … 4 5 6 … 10;
    the current page marked aria-current), or nothing when there is only one page. Each link is the query
    of the request (`request.GET`) with `field` set to its page, kept where it stood or added last, as
    Django's {% querystring page=N %} writes it: relative to the page, so under any SCRIPT_NAME prefix."""
    if not page.has_other_pages():
        return mark_safe("")
    params = query.copy()

    def href(number) -> str:
        params[field] = number
        return "?" + params.urlencode()  # escaped by format_html, as {% querystring %}'s output was

    paginator = page.paginator
    items = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append(GAP)
        else:
            items.append(format_html(CURRENT if number == page.number else PAGE, href(number), number, number))
    parts = [
        '<nav class="govuk-pagination" aria-label="Pagination">',
        format_html(PREVIOUS, href(page.previous_page_number())) if page.has_previous() else "",
        '<ul class="govuk-pagination__list">\n    ' + "\n    ".join(items) + "\n  </ul>",
        format_html(NEXT, href(page.next_page_number())) if page.has_next() else "",
    ]
    # A part a line, as the template wrote them: the whitespace between the page items shows (inline blocks).
    return mark_safe("\n  ".join(part for part in parts if part) + "\n</nav>")  # each value escaped by format_html
