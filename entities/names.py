"""One name field for the names people see, where lookalikes are one name."""

import functools
import hashlib
import re
import unicodedata
from typing import Any

from confusable_homoglyphs.categories import unique_aliases
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Unicode's Default_Ignorable_Code_Point, bidi controls and others that show nothing.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2800"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\ufffc"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)

# Scripts written together in one word (UTS #39, "highly restrictive").
_SCRIPTS_WRITTEN_TOGETHER = (
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),
    frozenset({"LATIN", "HAN", "HANGUL"}),
)

MIXED_SCRIPTS_MESSAGE = _(
    "“%(word)s” mixes letters of different alphabets (such as Latin and Cyrillic). "
    "Type each word in one alphabet."
)
INVISIBLE_MESSAGE = _("The name needs at least one visible letter, digit or symbol.")
CONTROL_MESSAGE = _("The name contains a control character; remove it.")


def normalise_name(value: str) -> str:
    """NFKC, without invisible characters, white space collapsed and stripped."""
    value = _IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    # NFKC can make new ignorables out of compatibility characters; once more.
    value = _IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    return " ".join(value.split())


# Unicode maps the Cyrillic palochka to "i"; fonts draw it as an "l".
_LOOKS_LIKE = {"\u04cf": "l"}


@functools.cache
def _lookalike(char: str) -> str:
    """One character for its confusables group (two steps reach it): no kept package
    computes skeletons (PyICU needs a compiler on Windows)."""
    # The table takes 18 MB: loaded by the first entity name checked, not by every process.
    from confusable_homoglyphs.confusables import confusables_data

    char = _LOOKS_LIKE.get(char, char)
    near = {glyph["c"] for glyph in confusables_data.get(char, ())}
    return min({char} | near | {g["c"] for other in near for g in confusables_data.get(other, ())})


def skeleton(value: str) -> str:
    """The UTS #39 skeleton of the normal form: one skeleton, one look."""
    decomposed = unicodedata.normalize("NFKD", normalise_name(value))
    return unicodedata.normalize("NFC", "".join(map(_lookalike, decomposed)))


def name_key(value: str) -> str:
    """One key two entity names must not share: the case-folded skeleton, hashed."""
    return hashlib.sha256(skeleton(normalise_name(value).casefold()).encode()).hexdigest()


def look_key(value: str) -> str:
    """The other: the skeleton as written ("\\u041d\\u043e\\u0440\\u0435" is "Hope"), hashed."""
    return hashlib.sha256(skeleton(value).encode()).hexdigest()


def mixed_script_word(value: str) -> str | None:
    """The first word that mixes scripts not written together, or None."""
    for word in re.findall(r"[^\W\d_]+", value):
        scripts = unique_aliases(word) - {"COMMON", "INHERITED"}
        if len(scripts) > 1 and not any(
            scripts <= allowed for allowed in _SCRIPTS_WRITTEN_TOGETHER
        ):
            return word
    return None


def validate_name(value: str) -> None:
    """Refuse a name that shows nothing, holds a control character or mixes scripts."""
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise ValidationError(CONTROL_MESSAGE, code="control_character")
    if not any(unicodedata.category(char)[0] in "LNSP" for char in value):
        raise ValidationError(INVISIBLE_MESSAGE, code="invisible")
    if word := mixed_script_word(value):
        raise ValidationError(MIXED_SCRIPTS_MESSAGE, code="mixed_scripts", params={"word": word})


class NameFormField(forms.CharField):
    """A form field for names: cleans to the normal form, then validates it."""

    default_validators = [validate_name]

    def to_python(self, value: Any) -> Any:
        typed = super().to_python(value)
        if not typed:
            return typed
        name = normalise_name(typed)
        if not name:  # only invisible characters: say so, rather than "required"
            raise ValidationError(INVISIBLE_MESSAGE, code="invisible")
        return name


class NameField(models.CharField):
    """A name people see: Django has no field for Unicode lookalikes; ``to_python``
    normalises every value the ORM writes, and every ModelForm gets the rules."""

    default_validators = [validate_name]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_name(value) if isinstance(value, str) else value

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": NameFormField, **kwargs})

    def deconstruct(self) -> Any:
        # Migrations see a plain CharField: the rules are Python's, not the database's.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
