"""Cell formats and the workbook's fixed options, shared by every sheet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import xlsxwriter

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

CURRENCY_FORMATS = {
    "USD": '"$"#,##0',
    "EUR": '#,##0" €"',
    "RUB": '#,##0" ₽"',
}


def money_format(currency: str) -> str:
    return CURRENCY_FORMATS.get(currency, "#,##0")


@dataclass
class Formats:
    title: object
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
    note: object


def make_formats(book: xlsxwriter.Workbook, currency: str) -> Formats:
    money = money_format(currency)
    inp = {"bg_color": INPUT_FILL, "font_color": INPUT_FONT, "border": 1, "border_color": "#BFBFBF", "locked": False}
    return Formats(
        title=book.add_format({"bold": True, "font_size": 14}),
        header=book.add_format({"bold": True, "font_color": "white", "bg_color": HEADER_FILL, "text_wrap": True, "valign": "vcenter", "align": "center"}),
        section=book.add_format({"bold": True, "bg_color": SECTION_FILL}),
        label=book.add_format({}),
        text_input=book.add_format(inp),
        money_input=book.add_format({**inp, "num_format": money}),
        count_input=book.add_format({**inp, "num_format": "#,##0.##"}),
        rate_input=book.add_format({**inp, "num_format": "0.00%"}),
        factor_input=book.add_format({**inp, "num_format": "0.00##"}),
        money=book.add_format({"num_format": money}),
        count=book.add_format({"num_format": "#,##0.00"}),
        whole=book.add_format({"num_format": "#,##0"}),
        rate=book.add_format({"num_format": "0.00%"}),
        ratio=book.add_format({"num_format": '0.00"×"', "font_color": "#595959"}),
        factor=book.add_format({"num_format": "0.00##"}),
        text=book.add_format({}),
        flag=book.add_format({"bold": True, "align": "center"}),
        note=book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}),
    )


