"""The message catalog: every message the code uses is translated, with the same placeholders, and compiled."""

import io
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import leverage

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(leverage.__file__).parent
LOCALE = PACKAGE / "i18n" / "locale"
PO = LOCALE / "ru" / "LC_MESSAGES" / "leverage.po"


def _extracted():
    """(context, msgid, plural) of every message in the code, as `pybabel extract -F babel.cfg` finds them."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(PACKAGE), method_map, options_map):
        singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
        if singular:
            found.add((context, singular, plural))
    return found


def _catalog():
    with open(PO, "rb") as f:
        return read_po(f, locale="ru")


def _placeholders(text):
    return sorted({name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None})


def test_the_code_has_messages_to_check():
    assert ("", "{ratio}×", "{ratio}×") in {(c or "", m, p) for c, m, p in _extracted()}


def test_every_message_has_a_russian_translation():
    catalog = _catalog()
    untranslated = []
    for context, msgid, plural in sorted(_extracted(), key=str):
        entry = catalog.get((msgid, plural) if plural else msgid, context=context)
        entry = entry or catalog.get(msgid, context=context)
        strings = entry.string if entry is not None and isinstance(entry.string, tuple) else (
            (entry.string,) if entry is not None else ("",))
        if entry is None or not all(strings) or entry.fuzzy:
            untranslated.append(msgid)
    assert untranslated == []


@pytest.mark.parametrize("entry", [m for m in _catalog() if m.id], ids=lambda m: str(m.id)[:60])
def test_a_translation_has_exactly_its_msgids_placeholders(entry):
    if isinstance(entry.id, tuple):
        assert len(entry.string) == 3  # Russian: one, few, many
        for form in entry.string:
            assert _placeholders(form) == _placeholders(entry.id[1]), form
    else:
        assert _placeholders(entry.string) == _placeholders(entry.id)


def test_the_committed_mo_is_the_po_compiled():
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    assert (LOCALE / "ru" / "LC_MESSAGES" / "leverage.mo").read_bytes() == compiled.getvalue()
