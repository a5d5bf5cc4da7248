"""One name field for the names people see: entities, comment authors and accounts.

Lookalikes are one name: fullwidth "\\uff21pple", mathematical bold
"\\U0001d400pple", "\\ufeffApple" and "Apple\\u200b" are all stored as "Apple"
(``normalise_name``), and "\\u0410pple", whose A is Cyrillic, is refused
(``validate_name``).
"""

import re
import unicodedata
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Unicode's Default_Ignorable_Code_Point (Unicode 15; the bidirectional controls with
# it), ARABIC LETTER MARK, and the Braille blank and U+FFFC, which show nothing too.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2800"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\ufffc"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)

# Scripts that are written together inside one word (Unicode TS #39, "highly
# restrictive"): Japanese, Chinese with Bopomofo, Korean, each with Latin.
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
    """NFKC, without invisible and bidirectional control characters, with runs of
    white space made one space and none at either end."""
    value = _IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    # NFKC can make new ignorables out of compatibility characters; once more.
    value = _IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    return " ".join(value.split())


def name_key(value: str) -> str:
    """What two names must not share: the normal form, case-folded (NFKC_Casefold)."""
    return unicodedata.normalize("NFKC", normalise_name(value).casefold())


def script_of(char: str) -> str | None:
    """The script of a letter, from its Unicode name ("CYRILLIC CAPITAL LETTER A");
    None for everything that is not a letter or belongs to every script."""
    category = unicodedata.category(char)
    if not category.startswith("L") or category == "Lm":
        return None  # digits, marks, punctuation; modifier letters such as "ー"
    words = unicodedata.name(char, "").split()
    if not words:
        return None
    return "HAN" if words[0] == "CJK" else words[0]


def mixed_script_word(value: str) -> str | None:
    """The first word of ``value`` whose letters come from scripts that are not
    written together, or None."""
    for word in re.findall(r"[^\W\d_]+", value):
        scripts = {script for char in word if (script := script_of(char))}
        if len(scripts) > 1 and not any(
            scripts <= allowed for allowed in _SCRIPTS_WRITTEN_TOGETHER
        ):
            return word
    return None


def validate_name(value: str) -> None:
    """Refuse a (normalised) name that shows nothing, holds a control character or
    has a word in two scripts."""
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
    """A name people see; Django has no field for Unicode lookalikes, so the rules
    of this module go with the model field and the form field it makes: every
    ModelForm and the admin apply them, with no form of their own to remember them.

    Normalised in ``to_python``, which CharField also calls on every value it
    writes or compares exactly: a save through the ORM stores the normal form too."""

    default_validators = [validate_name]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_name(value) if isinstance(value, str) else value

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": NameFormField, **kwargs})

    def deconstruct(self) -> Any:
        # Migrations see a plain CharField: the rules are Python's, not the
        # database's, so no migration imports this module or rebuilds a table.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
