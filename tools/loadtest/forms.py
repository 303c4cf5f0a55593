"""Reading a page's forms the way a browser submits them, for the drills' simulated users; and telling the
service's own error pages from bare ones.

A drill posts what the page's form holds (its CSRF token, the `version` it was opened at, every
field's current value) with one change typed in, so that it goes through the same checks a person's
browser does. The standard library's HTML parser is enough: the pages are the app's own templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """One <form>: where it posts, and what a browser would send if nothing were changed."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.fields if n == name), None)

    def data(self, **changes: str) -> list[tuple[str, str]]:
        """The fields with `changes` applied (a changed field keeps its place; a new one goes last)."""
        out = [(n, changes.get(n, v)) for n, v in self.fields]
        out += [(n, v) for n, v in changes.items() if all(n != m for m, _ in self.fields)]
        return out


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: tuple[str, list[str]] | None = None
        self._select: tuple[str, list[str], list[str]] | None = None  # name, option values, selected values
        self._option: tuple[str | None, bool, list[str]] | None = None  # value attribute, selected, text

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "textarea" and a.get("name"):
            self._textarea = (a["name"], [])
        elif tag == "select" and a.get("name"):
            self._select = (a["name"], [], [])
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, [])

    def _input(self, a: dict[str, str]) -> None:
        assert self._form is not None
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name or kind in {"submit", "button", "image", "reset", "file"} or "disabled" in a:
            return
        if kind in {"radio", "checkbox"} and "checked" not in a:
            return
        self._form.fields.append((name, a.get("value", "on" if kind in {"radio", "checkbox"} else "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1].append(data)
        if self._option is not None:
            self._option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._textarea[1])
            # Browsers drop the one newline that may follow <textarea>.
            self._form.fields.append((self._textarea[0], text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, selected, text = self._option
            value = value if value is not None else "".join(text).strip()
            self._select[1].append(value)
            if selected:
                self._select[2].append(value)
            self._option = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, values, chosen = self._select
            for value in chosen or values[:1]:  # a browser sends the first option when none is selected
                self._form.fields.append((name, value))
            self._select = None
        elif tag == "form":
            self._form = None


def forms_in(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return parser.forms


def post_form(html: str, needs: str = "csrfmiddlewaretoken", action: str | None = None) -> Form | None:
    """The first form posting with a field named `needs` (the CSRF token by default), and, if `action` is
    given, posting there ("" for the page's own address: the header's sign-out form also has a token)."""
    return next(
        (f for f in forms_in(html)
         if f.method == "post" and f.value(needs) is not None and (action is None or f.action == action)),
        None,
    )


def page_kind(html: str) -> str:
    """"styled" for the service's own pages (templates/400.html … 503.html extend the GOV.UK template with the
    council's header), "bare" for anything else (Django's or gunicorn's plain text, a proxy's page)."""
    return "styled" if 'class="govuk-template' in html and "govuk-generic-header" in html else "bare"
