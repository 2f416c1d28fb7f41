"""The blank input template: one sheet of labelled, validated and annotated input cells.

Every input cell carries the workbook-scope defined name of its field (see
`fields`), input styling, a data validation with an input message, and a note
explaining the metric, all in the template's language. Columns: A the field's
name (as error messages print it), B the label (or a stage name), C the value,
D the unit, E how to fill it. Stage names sit in B beside their counts in C.

Lever changes are text cells (`@` format), so Excel keeps what was typed: in a
number cell, "+10%" would silently become 0.1 and read as "set to 10 %".
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_range_abs
from xlsxwriter.worksheet import Worksheet

from .. import i18n
from ..fileio import write_atomically
from ..i18n import Message, Text, Translator, _, translator
from ..i18n.terms import metric
from ..model.inputs import CURRENCIES, LANGS
from ..workbook.styles import FIXED_CREATED, INPUT_FILL, INPUT_FONT, SECTION_FILL, WORKBOOK_OPTIONS
from .fields import ALL_SECTIONS, CHOICES, MONTH_NAMES, Field, Section, field, fields_in

# The templates kept in the repository's `templates/` folder: file name -> (lang, currency).
STANDARD_TEMPLATES = {
    "leverage-template-en.xlsx": ("en", "USD"),
    "leverage-template-ru.xlsx": ("ru", "RUB"),
}

_TITLE = _("leverage: inputs for the lever method")
_INSTRUCTION = _("Fill in the yellow cells with last year's figures. Hover over a cell to read what it means.")
_HEADERS = (_("Key"), _("Input"), _("Value"),
            _("Unit"), _("How to fill"))
# The hints in E overflow into the empty columns right of it, which the channel table also uses.
_WIDTHS = (22, 34, 22, 10, 14, 14, 14, 14, 14)
_LAST_COL = len(_WIDTHS) - 1
_TEXT_LIMIT = 200

_ERRORS = {
    "money": _("Type an amount of 0 or more, as a number."),
    "money_positive": _("Type an amount above 0, as a number."),
    "count": _("Type a whole number of 0 or more."),
    "count_positive": _("Type a whole number above 0."),
    "rate": _("Type a percentage from 0% to 100%, such as 30%."),
    "rate_positive": _("Type a percentage above 0% and up to 100%, such as 30%."),
    "number": _("Type a number of 0 or more."),
    "number_positive": _("Type a number above 0."),
}
_NUMBER_FORMATS = {"money": "#,##0", "count": "#,##0", "rate": "0.0#%", "number": "0.0#"}
# The channel table: one field per column, channels in rows, names in B and figures from C on.
_CHANNEL_COLUMNS = ("channel_names", "channel_spend", "channel_contacts", "channel_leads", "channel_sales",
                    "channel_revenue")

# Comment boxes: about 45 characters a line at this width.
_NOTE_WIDTH, _NOTE_LINE_CHARS, _NOTE_LINE_PX = 320, 45, 15


def write_template(path: str | Path, *, lang: str = "en", currency: str = "USD", force: bool = False) -> Path:
    """Write the blank template to `path`, whole or not at all; refuse to overwrite unless `force`.

    Raises ValueError for a language or currency the template does not offer.
    """
    _check_options(lang, currency)
    return write_atomically(path, lambda tmp: build_template(tmp, lang=lang, currency=currency), force=force)


def write_standard_templates(folder: str | Path) -> list[Path]:
    """Rewrite the templates kept in the repository (`templates/`), overwriting them."""
    return [
        write_template(Path(folder) / name, lang=lang, currency=currency, force=True)
        for name, (lang, currency) in STANDARD_TEMPLATES.items()
    ]


def build_template(path: str | Path, *, lang: str = "en", currency: str = "USD") -> None:
    """Write the template straight to `path`, overwriting it; `write_template` adds the safety checks.

    The same arguments always write the same contents: the creation date is fixed.
    """
    _check_options(lang, currency)
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({
        "title": translator(lang)(_TITLE),
        "subject": "Lever method inputs",
        "author": "leverage",
        "created": FIXED_CREATED,
    })
    _TemplateWriter(book, lang, currency).write()
    book.close()


class _Quoted:
    """A value given, quoted as each language quotes it: 'de' (Python's repr) in English, «de» in Russian."""

    def __init__(self, text: str) -> None:
        self.text = text

    def in_language(self, tr: Translator) -> str:
        return f"«{self.text}»" if tr.lang == "ru" else repr(self.text)

    def __str__(self) -> str:
        return repr(self.text)


def _check_options(lang: str, currency: str) -> None:
    if lang not in LANGS:
        raise ValueError(_("unknown template language {lang}: expected one of {langs}", lang=_Quoted(lang),
                           langs=", ".join(LANGS)))
    if currency not in CURRENCIES:
        raise ValueError(_("unknown currency {currency}: expected one of {currencies}", currency=_Quoted(currency),
                           currencies=", ".join(CURRENCIES)))


class _TemplateWriter:
    """Lays the fields out on one sheet, top to bottom, section by section."""

    def __init__(self, book: xlsxwriter.Workbook, lang: str, currency: str) -> None:
        self.book, self.lang, self.currency = book, lang, currency
        self.title = i18n.translator(lang).gettext("Inputs")
        self.sheet: Worksheet = book.add_worksheet(self.title)
        self.row = 0
        grey = "#595959"
        self.formats = {
            "title": book.add_format({"bold": True, "font_size": 14}),
            "instruction": book.add_format({"italic": True, "font_color": grey}),
            "header": book.add_format({"bold": True, "bottom": 1}),
            "section": book.add_format({"bold": True, "bg_color": SECTION_FILL}),
            "intro": book.add_format({"italic": True, "font_color": grey, "text_wrap": True, "valign": "top"}),
            "key": book.add_format({"font_color": "#808080", "font_size": 9}),
            "label": book.add_format({}),
            "unit": book.add_format({"font_color": grey, "align": "center"}),
            "hint": book.add_format({"italic": True, "font_color": grey}),
        }
        base = {"bg_color": INPUT_FILL, "font_color": INPUT_FONT, "border": 1, "locked": False}
        self.inputs = {
            kind: book.add_format({**base, "num_format": _NUMBER_FORMATS.get(kind, "@")})
            for kind in ("text", "currency", "lang", "money", "count", "change", "rate", "number")
        }

    def t(self, text: Text | Message) -> str:
        return str(translator(self.lang).render(text))

    def write(self) -> None:
        sheet, fmt = self.sheet, self.formats
        sheet.write_string(0, 0, self.t(_TITLE), fmt["title"])
        sheet.write_string(1, 0, self.t(_INSTRUCTION), fmt["instruction"])
        for col, width in enumerate(_WIDTHS):
            if col < len(_HEADERS):
                sheet.write_string(2, col, self.t(_HEADERS[col]), fmt["header"])
            else:
                sheet.write_blank(2, col, None, fmt["header"])
            sheet.set_column(col, col, width)
        self.row = 3
        for section in ALL_SECTIONS:
            self._section(section)
        sheet.freeze_panes(3, 0)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(2)
        sheet.print_area(0, 0, self.row - 1, _LAST_COL)

    def _section(self, section: Section) -> None:
        self.sheet.write_string(self.row, 0, self.t(section.title), self.formats["section"])
        for col in range(1, _LAST_COL + 1):
            self.sheet.write_blank(self.row, col, None, self.formats["section"])
        self.row += 1
        if section.intro is not None:
            text = self.t(section.intro)
            lines = math.ceil(len(text) / (sum(_WIDTHS[1:]) * 0.9))
            self.sheet.merge_range(self.row, 1, self.row, _LAST_COL, text, self.formats["intro"])
            self.sheet.set_row(self.row, 15 * lines + 3)
            self.row += 1
        if section.key == "funnel":
            self._funnel()
        elif section.key == "channels":
            self._channels()
        else:
            for spec in fields_in(section.key):
                if spec.rows == 1:
                    self._scalar(spec)
                elif spec.name == "monthly_revenue":
                    self._months(spec)
                else:
                    self._steps(spec)
        self.row += 1

    def _scalar(self, spec: Field) -> None:
        """One row: name, label, input, unit, hint."""
        self._describe(self.row, spec.name, self.t(spec.label), spec, hint=True)
        prefill = {"currency": self.currency, "lang": self.lang}.get(spec.name)
        self._inputs(self.row, 2, spec, [prefill])
        self.row += 1

    def _funnel(self) -> None:
        """The stage table: names in B beside counts in C; the first name is prefilled "Leads"."""
        names, counts = field("funnel_stages"), field("funnel_counts")
        header = self.formats["header"]
        self.sheet.write_string(self.row, 1, self.t(names.label), header)
        self.sheet.write_string(self.row, 2, self.t(counts.label), header)
        self.row += 1
        first = self.row
        for k in range(1, names.rows + 1):
            self.sheet.write_string(self.row, 0, str(k), self.formats["key"])
            self._hint(self.row, counts if k == 1 else None)
            self.row += 1
        self._inputs(first, 1, names, [metric(i18n.translator(self.lang), "leads")])
        self._inputs(first, 2, counts, [])

    def _channels(self) -> None:
        """The channel table: a row per channel, its name in B and its figures in C to G.

        The figures run across the unit and hint columns, so the money columns'
        headers name the currency.
        """
        specs = [field(name) for name in _CHANNEL_COLUMNS]
        header = self.formats["header"]
        for col, spec in enumerate(specs, start=1):
            label = self.t(spec.label)
            if spec.kind == "money":
                label = f"{label}, {self.currency}"
            self.sheet.write_string(self.row, col, label, header)
        self.row += 1
        first = self.row
        for k in range(1, specs[0].rows + 1):
            self.sheet.write_string(self.row, 0, str(k), self.formats["key"])
            self.row += 1
        for col, spec in enumerate(specs, start=1):
            self._inputs(first, col, spec, [])

    def _steps(self, spec: Field) -> None:
        """A change per funnel step: row k changes the conversion from stage k to stage k + 1."""
        first = self.row
        for k in range(1, spec.rows + 1):
            label = self.t(_("{label} {k}: stage {k} → {next}", label=spec.label, k=k, next=k + 1))
            self._describe(self.row, f"{spec.lever}.{k}", label, spec, hint=k == 1)
            self.row += 1
        self._inputs(first, 2, spec, [])

    def _months(self, spec: Field) -> None:
        """Last year's revenue by calendar month: row k is month k, January first."""
        first = self.row
        for k, month in enumerate(MONTH_NAMES, start=1):
            self._describe(self.row, f"{spec.name}.{k}", f"{self.t(spec.label)}, {self.t(month)}", spec, hint=k == 1)
            self.row += 1
        self._inputs(first, 2, spec, [])

    def _describe(self, row: int, key: str, label: str, spec: Field, *, hint: bool) -> None:
        """The cells around an input: key, label, unit and (optionally) the hint."""
        self.sheet.write_string(row, 0, key, self.formats["key"])
        self.sheet.write_string(row, 1, label, self.formats["label"])
        if spec.kind == "money" or (spec.kind == "change" and spec.unit is None):
            # The currency cell may be changed after writing; the unit follows it.
            default = CHOICES["currency"][0]
            self.sheet.write_formula(row, 3, f'=IF(currency="","{default}",currency)', self.formats["unit"],
                                     self.currency)
        elif spec.unit is not None:
            self.sheet.write_string(row, 3, self.t(spec.unit), self.formats["unit"])
        self._hint(row, spec if hint else None)

    def _hint(self, row: int, spec: Field | None) -> None:
        if spec is not None:
            self.sheet.write_string(row, 4, self.t(spec.hint), self.formats["hint"])

    def _inputs(self, first: int, col: int, spec: Field, prefill: list[str | None]) -> None:
        """The field's input cells from row `first` down: value, style, name, validation, notes."""
        last = first + spec.rows - 1
        cell_format = self.inputs[spec.kind]
        note = self.t(spec.note)
        box = {"author": "leverage", "width": _NOTE_WIDTH,
               "height": _NOTE_LINE_PX * (math.ceil(len(note) / _NOTE_LINE_CHARS) + 1)}
        for i, row in enumerate(range(first, last + 1)):
            value = prefill[i] if i < len(prefill) else None
            if value is None:
                self.sheet.write_blank(row, col, None, cell_format)
            else:
                self.sheet.write_string(row, col, value, cell_format)
            self.sheet.write_comment(row, col, note, box)
        self.sheet.data_validation(first, col, last, col, self._validation(spec))
        self.book.define_name(spec.name, f"={quote_sheetname(self.title)}!{xl_range_abs(first, col, last, col)}")

    def _validation(self, spec: Field) -> dict[str, Any]:
        """Excel's check of what may be typed, with the hint as input message."""
        prompt = {"input_title": self.t(spec.label)[:32], "input_message": self.t(spec.hint)}
        if spec.kind == "change":
            return {"validate": "any", **prompt}
        if spec.choices:
            rule: dict[str, Any] = {"validate": "list", "source": list(spec.choices)}
            error = self.t(_("Choose one of: {choices}.", choices=", ".join(spec.choices)))
        elif spec.kind == "rate":
            rule = {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 1}
            error = self.t(_ERRORS["rate_positive" if spec.positive else "rate"])
        elif spec.kind == "text":
            rule = {"validate": "length", "criteria": "<=", "value": _TEXT_LIMIT}
            error = self.t(_("At most {limit} characters.", limit=_TEXT_LIMIT))
        else:
            rule = {
                "validate": "integer" if spec.kind == "count" else "decimal",
                "criteria": ">" if spec.positive else ">=",
                "value": 0,
            }
            error = self.t(_ERRORS[spec.kind + ("_positive" if spec.positive else "")])
        return {**rule, **prompt, "error_title": self.t(spec.label)[:32], "error_message": error}
