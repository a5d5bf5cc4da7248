# Names that look the same are one name. Two keys, each under a unique constraint:
# name_key becomes the hash of the Unicode confusable skeleton (UTS #39) of the
# case-folded name, and the new look_key the hash of the skeleton of the name as
# written; so the Cyrillic "Аррӏе" is refused beside "Apple", and "Норе" beside
# "Hope". The keys of existing entities are filled with 0005's check that no two
# share one; slugs do not change. When the keys' function or the confusables table
# it reads (the confusable-homoglyphs package) changes, a migration like this one
# fills them again.

import functools
import hashlib
import importlib
import re
import unicodedata
from functools import partial

from confusable_homoglyphs.confusables import confusables_data
from django.db import migrations, models

name_key_0005 = importlib.import_module("entities.migrations.0005_name_key")

# A copy of entities.names as it was when this migration was written: a migration
# computes what it computed then, whatever the application does later.
IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2800"
    "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\ufffc"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
LOOKS_LIKE = {"\u04cf": "l"}


def normalise(value):
    value = IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    value = IGNORABLE.sub("", unicodedata.normalize("NFKC", value))
    return " ".join(value.split())


@functools.cache
def lookalike(char):
    char = LOOKS_LIKE.get(char, char)
    near = {glyph["c"] for glyph in confusables_data.get(char, ())}
    return min({char} | near | {g["c"] for other in near for g in confusables_data.get(other, ())})


def skeleton(value):
    decomposed = unicodedata.normalize("NFKD", normalise(value))
    return unicodedata.normalize("NFC", "".join(map(lookalike, decomposed)))


def name_key(value):
    return hashlib.sha256(skeleton(normalise(value).casefold()).encode()).hexdigest()


def look_key(value):
    return hashlib.sha256(skeleton(value).encode()).hexdigest()


fill_name_keys = partial(name_key_0005.fill_name_keys, name_key=name_key)
fill_look_keys = partial(name_key_0005.fill_name_keys, name_key=look_key, field="look_key")


class Migration(migrations.Migration):
    dependencies = [("entities", "0006_word_search")]

    operations = [
        migrations.RunPython(name_key_0005.lift_statement_timeout, migrations.RunPython.noop),
        # Out of the way while the keys change, so that no row meets another's old key.
        migrations.RemoveConstraint(model_name="entity", name="entity_name_key_unique"),
        migrations.AddField(
            model_name="entity",
            name="look_key",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="look key"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill_name_keys, name_key_0005.fill_name_keys),  # back: 0005's
        migrations.RunPython(fill_look_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entity",
            name="name_key",
            field=models.CharField(editable=False, max_length=64, verbose_name="name key"),
        ),
        *(
            migrations.AddConstraint(
                model_name="entity",
                constraint=models.UniqueConstraint(
                    fields=(key,),
                    name=f"entity_{key}_unique",
                    violation_error_message=(
                        "An entity with this name, or with one that looks the same, "
                        "already exists."
                    ),
                ),
            )
            for key in ["name_key", "look_key"]
        ),
        migrations.RunPython(migrations.RunPython.noop, name_key_0005.lift_statement_timeout),
    ]
