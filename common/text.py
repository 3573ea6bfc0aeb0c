"""Text that must say something: names and required descriptions, in every form that takes one.

Django's CharField strips spaces and refuses what is left empty, but only what `str.strip`
counts as space: a zero-width space, a byte-order mark or a control character alone passes,
and a node or port then has a name no one can see, read or search for. `RequiredText` is the
one rule for all of them (the workflows' form pages, the admin's customer form).
"""

from __future__ import annotations

import unicodedata

from django import forms

# Unicode categories that show nothing: space and line/paragraph separators, control
# characters, format characters (zero-width space and joiners, byte-order mark, bidi marks).
INVISIBLE_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}
BLANK_MESSAGE = (
    "Enter at least one visible character: empty text, or only spaces or invisible characters, "
    "is not allowed."
)


def invisible(character: str) -> bool:
    return unicodedata.category(character) in INVISIBLE_CATEGORIES


def strip_invisible(text: str) -> str:
    """`text` without invisible characters at either end (inside, they stay: "rt 1")."""
    start, end = 0, len(text)
    while start < end and invisible(text[start]):
        start += 1
    while end > start and invisible(text[end - 1]):
        end -= 1
    return text[start:end]


class RequiredText(forms.CharField):
    """A required text field that refuses empty and blank values with a field error saying what
    is allowed; the value is stored without leading and trailing invisible characters."""

    def __init__(self, **kwargs):
        kwargs["required"] = True
        kwargs.setdefault("min_length", 1)  # in the page's JSON Schema: minLength 1
        error_messages = {"required": BLANK_MESSAGE, **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=error_messages, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return strip_invisible(value) if isinstance(value, str) else value
