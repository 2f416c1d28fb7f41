"""Cell formats and the workbook's fixed options, shared by every sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import xlsxwriter

from .. import i18n
from ..i18n import translator

INPUT_FILL = "#FFF2CC"
INPUT_FONT = "#0000FF"
HEADER_FILL = "#1F4E78"
SECTION_FILL = "#DDEBF7"

# Options that keep text text: a company called "=SUM(A1)" stays a name.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "use_future_functions": False,
    # Build the zip in memory: our workbooks are small, and it halves the write time.
    "in_memory": True,
}
# A fixed creation date keeps the same inputs writing the same workbook.
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

# Excel format codes are written in en-US syntax (`,` groups, `.` decimals);
# spreadsheets show them with the reader's separators. The Russian workbook adds
# the locale tag [$-419] so that LibreOffice (and Excel for dates and text) also
# show Russian separators: 1 200 000 ₽ and 9,49 % on any machine.
LOCALE_TAGS = {"en": "", "ru": "[$-419]"}


def money_format(currency: str, lang: str = "en", number: str = "#,##0", unit: str = "") -> str:
    """`"$"#,##0`, `#,##0 "€"` or `[$-419]#,##0 "₽"`: the template's currency in the format.

    `unit` names a scale in `number`, as "M" for `#,##0.0,,` (millions).
    """
    tag = LOCALE_TAGS[lang]
    sign = i18n.CURRENCY_SIGNS.get(currency, currency)
    if i18n.sign_first(currency, lang):
        return f'{tag}"{sign}"{number}' + (f'"{unit}"' if unit else "")
    return f'{tag}{number} "{unit + " " if unit else ""}{sign}"'


def millions_format(currency: str, lang: str) -> str:
    """Money in millions for chart labels: $12.6M, and the Russian abbreviation before the rouble sign."""
    return money_format(currency, lang, "#,##0.0,,", translator(lang).pgettext("millions, in a number format", "M"))


def number_format(code: str, lang: str) -> str:
    return LOCALE_TAGS[lang] + code


def percent_format(code: str, lang: str) -> str:
    """A percentage format such as `+0.0%`; Russian typography puts a space before the percent sign."""
    return number_format(code.replace("%", " %") if lang == "ru" else code, lang)


@dataclass
class Formats:
    title: object
    subtitle: object
    header: object
    section: object
    label: object
    text_input: object
    money_input: object
    count_input: object
    rate_input: object
    factor_input: object
    money: object
    count: object
    whole: object
    rate: object
    ratio: object
    factor: object
    text: object
    flag: object
    status: object
    note: object
    sentence: object
    good: object
    bad: object
    # Conditional formats for checks and statuses.
    pass_: object
    fail: object

    def by_style(self, style: str) -> object:
        """The format for a style name used by summary blocks: money, count, whole, rate, ratio, text."""
        return {"money": self.money, "count": self.count, "whole": self.whole, "rate": self.rate,
                "ratio": self.ratio, "text": self.text, "flag": self.flag}[style]


def make_formats(book: xlsxwriter.Workbook, currency: str, lang: str = "en") -> Formats:
    money = money_format(currency, lang)
    num = lambda code: number_format(code, lang)  # noqa: E731
    pct = percent_format("0.00%", lang)
    inp = {"bg_color": INPUT_FILL, "font_color": INPUT_FONT, "border": 1, "border_color": "#BFBFBF", "locked": False}
    sentence = {"text_wrap": True, "valign": "top"}
    return Formats(
        title=book.add_format({"bold": True, "font_size": 14}),
        subtitle=book.add_format({"italic": True, "font_color": "#404040"}),
        header=book.add_format({"bold": True, "font_color": "white", "bg_color": HEADER_FILL, "text_wrap": True, "valign": "vcenter", "align": "center"}),
        section=book.add_format({"bold": True, "bg_color": SECTION_FILL}),
        label=book.add_format({}),
        text_input=book.add_format(inp),
        money_input=book.add_format({**inp, "num_format": money}),
        count_input=book.add_format({**inp, "num_format": num("#,##0.##")}),
        rate_input=book.add_format({**inp, "num_format": pct}),
        factor_input=book.add_format({**inp, "num_format": num("0.00##")}),
        money=book.add_format({"num_format": money}),
        count=book.add_format({"num_format": num("#,##0.00")}),
        whole=book.add_format({"num_format": num("#,##0")}),
        rate=book.add_format({"num_format": pct}),
        ratio=book.add_format({"num_format": num('0.00"×"'), "font_color": "#595959"}),
        factor=book.add_format({"num_format": num("0.00##")}),
        text=book.add_format({}),
        flag=book.add_format({"bold": True, "align": "center"}),
        status=book.add_format({"bold": True, "align": "right"}),
        note=book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}),
        sentence=book.add_format(sentence),
        good=book.add_format({**sentence, "font_color": "#006100"}),
        bad=book.add_format({**sentence, "font_color": "#9C0006"}),
        pass_=book.add_format({"font_color": "#006100", "bg_color": "#C6EFCE"}),
        fail=book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
    )
