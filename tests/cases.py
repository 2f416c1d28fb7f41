"""Cases that two test modules drive: the English tests check each message whole, the Russian ones
(test_messages_levers, test_messages_reader) drive the same cases in Russian. Kept here, so that no test
module imports another.
"""

from __future__ import annotations

import datetime as dt
import math

import corpus
from openpyxl.workbook.defined_name import DefinedName

from leverage.model.inputs import Costs

LOSS = ("expected a profit above 0: at a margin (profit / revenue) of 0 or below every extra sale adds to the "
        "loss, so scaling the business multiplies the loss instead of reaching a profit; fix the margin first "
        "(prices, costs, clients that cost more than they pay)")


# A core and an optional field of one kind, and what both refuse: the messages must read the same after the metric.
_REFUSED = ["abc", "22 клиента", "01.02.2024", True, dt.datetime(2024, 1, 1), -5]


def _insert_rows_and_rename(wb):
    corpus.shift_rows(wb, 3, "Client's data")


def _reorder_and_add_sheets(wb):
    wb.create_sheet("Notes", 0)
    wb.create_sheet("Scratch")
    wb.move_sheet("Inputs", offset=1)
    wb["Notes"]["B10"] = "Revenue"  # a label elsewhere does not matter while the names exist


def _names_scoped_to_a_copied_sheet(wb):
    """Excel gives a copied sheet its own sheet-scoped names; the workbook names break when the original goes."""
    sheet = wb["Inputs"]
    sheet.title = "Inputs (2)"
    for name in list(wb.defined_names):
        defined = wb.defined_names[name]
        sheet.defined_names[name] = DefinedName(name, attr_text=defined.attr_text.replace("Inputs!", "'Inputs (2)'!"))
        defined.attr_text = "#REF!"


# test_changes.test_refusals_say_what_to_write
CHANGE_REFUSALS = [
    ("avg_check", "+5pp", 'avg_check: "+5pp" is in percentage points, which apply to rates only (margin, retention, conversion); use +10% or x1.1'),
    ("margin", "150%", 'margin: "150%" sets it above 100 %; expected a share up to 100 %'),
    ("avg_check", "x0", 'avg_check: "x0" multiplies by 0; expected a factor above 0'),
    ("avg_check", "-100%", 'avg_check: "-100%" would take the lever to zero or below'),
    ("avg_check", "18%", 'avg_check: "18%" is a percentage, but avg_check is an amount; write +10% for a relative change or a new amount such as 175k'),
    ("retention", "5pp", 'retention: "5pp" needs a sign, such as +5pp or -2pp'),
    ("avg_check", "", "avg_check: the change is empty; expected x2 (multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value (175000, 175k, 18%)"),
    ("avg_check", "double", 'avg_check: cannot read "double" (expected a number such as 1200000, 1 200 000 or 1.2M); expected x2 (multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value (175000, 175k, 18%)'),
]

# test_numbers.test_refuses_with_reason
NUMBER_REFUSALS = [
    ("1,234", "ambiguous"), ("abc", "expected a number"), ("1.2.3", "grouped by threes"),
    ("12 34", "grouped by threes"), ("", "expected a number"), ("1.2MM", "expected a number"),
    ("5 %", "expected a number"), (True, "yes/no"), (float("nan"), "finite"),
]

# test_numbers.test_dates_typed_as_text_are_refused_as_dates
DATES_AS_TEXT = ["01.02.2024", "1/2/24", "2024-02-01", "31-12-2023", "2024-02-01 10:30"]

# test_uncertainty.test_range_refusals
RANGE_REFUSALS = [
    ("avg_check=200k..150k", "avg_check: the low end 200,000 is above the high end 150,000"),
    ("retention=70%..120%", "retention: 70%..120% leaves the shares it can take (0 % to 100 %)"),
    ("rev_per_employee=1..2", "rev_per_employee does not change profit, only headcount"),
    ("churn=1..2", 'unknown lever "churn" for a range: expected one of leads, conversion, avg_check, retention, margin'),
    ("avg_check=150k", 'avg_check: "150k" is not LOW..HIGH; for example 150k..200k or 70%..80%'),
    ("avg_check 150k..200k", '"avg_check 150k..200k" is not NAME=LOW..HIGH'),
    ("avg_check=-5..10", "avg_check: the low end -5 is below 0"),
    ("avg_check=abc..10", 'avg_check: cannot read "abc..10"'),
    ("conversion.3=1%..2%", None),
]

# test_costs.test_unusable_cost_structures
UNUSABLE_COSTS = [
    (Costs(0.5, 45), "Inputs!C61 (cost_per_employee): expected variable and staff costs that leave at least last "
                     "year's profit: revenue 1,000 x (1 - variable share 50.00%) - headcount 10 x cost per employee "
                     "45 - profit 100 = -50, so the fixed costs would be negative; check the variable share and the "
                     "cost per employee (at most 40 with this variable share), got 45"),
    (Costs(None, 30), "Inputs!C60 (variable_share): expected the variable cost share as well: with a cost per "
                      "employee (Inputs!C61) profit is revenue x (1 - variable share) - headcount x cost per "
                      "employee - fixed costs (type 0% if every cost is staff or fixed), got a blank cell"),
    (Costs(0.5, None, 100), "Inputs!C61 (cost_per_employee): expected a cost per employee as well: fixed costs "
                            "(Inputs!C62) are part of the cost structure, which also needs the staff costs (type 0 "
                            "if they are inside the fixed costs), got a blank cell"),
]

# test_levers.test_unusable_steps_are_refused
UNUSABLE_STEPS = [0, -1, -2, math.nan]

# test_reader.test_clients_must_add_up
CLIENTS_NOT_ADDING_UP = [
    ({"clients_lost": 90}, "Inputs!C19 (clients_lost): expected at most 89 lost clients (clients at start 52 "
                           "+ new 37), got 90"),
    ({"clients_lost": 89}, "Inputs!C19 (clients_lost): expected fewer than 89 lost clients (clients at start + "
                           "new): with no active clients left at the end of the year the average check "
                           "(revenue / active clients) is undefined, got 89"),
    ({"clients_start": 0, "clients_new": 0, "clients_lost": 0, "funnel_counts": [5300, 1850, 0]},
     "Inputs!C18 (clients_new): expected some clients: clients at start and new clients are both 0, so there "
     "is no business to scale, got 0"),
]

# test_reader.test_funnel_problems
FUNNEL_PROBLEMS = [
    ({"funnel_stages": ["Leads", None, "Paid"], "funnel_counts": [5300, None, 37]},
     ["Inputs!B25 (funnel_stages): expected stage 2 here: stages fill consecutive rows from the first, "
      "with no empty row before the last stage, got a blank cell"]),
    ({"funnel_stages": ["Leads", "Proposals", None], "funnel_counts": [5300, 1850, 37]},
     ["Inputs!B26 (funnel_stages): expected a name for stage 3, which has a count, got a blank cell"]),
    ({"funnel_stages": ["Leads", "Proposals", "Paid"], "funnel_counts": [5300, None, 37]},
     ['Inputs!C25 (funnel_counts): expected how many reached stage 2 "Proposals" last year, got a blank cell']),
    ({"funnel_stages": ["Paid"], "funnel_counts": [37]},
     ["Inputs!C24:C31 (funnel_counts): expected at least 2 funnel stages: leads in the first row, "
      "paying new clients in the last filled row"]),
    ({"funnel_stages": ["Leads", "Proposals", "Paid"], "funnel_counts": [5300, 1850, 40]},
     ['Inputs!C26 (funnel_counts): expected 37, the number of new clients (Inputs!C18): the last stage "Paid" '
      "is the paying new clients, got 40"]),
    ({"funnel_stages": ["Leads", "Proposals", "Paid"], "funnel_counts": [5300, 0, 37]},
     ["Inputs!C25 (funnel_counts): expected a whole number above 0: every stage must have been reached by "
      "someone (leave unused rows blank), got 0"]),
]

REFUSED = {
    "blank required field": (dict(revenue=None), ["Inputs!C10 (revenue): expected an amount above 0, got a blank cell"]),
    "text that is no number": (dict(profit="about half a million"), [
        'Inputs!C11 (profit): expected an amount above 0: a number such as 1200000, 1 200 000 or 1.2M, '
        'got "about half a million"']),
    "ambiguous comma": (dict(revenue="5,880"), [
        'Inputs!C10 (revenue): expected an amount above 0; the text is ambiguous: "5,880" may mean 5880 or 5.880; '
        'write 5880, 5 880 or 5.880, got "5,880"']),
    "dot before three digits in a count": (dict(funnel_counts=["5.300", 1850, 37]), [
        "Inputs!C24 (funnel_counts): expected a whole number above 0: the dot is a decimal point; for 5300 write "
        '5300 or 5 300, got "5.300"']),
    "date in a number field": (dict(clients_start=dt.datetime(2024, 1, 1)), [
        "Inputs!C17 (clients_start): expected a whole number of 0 or more, not a date (set the cell's format to "
        "Number), got 2024-01-01 00:00:00"]),
    "date typed as text": (dict(revenue="01.02.2024"), [
        'Inputs!C10 (revenue): expected an amount above 0; the text is a date, not a number, got "01.02.2024"']),
    "negative count": (dict(headcount=-83), ["Inputs!C14 (headcount): expected a whole number above 0, got -83"]),
    "zero revenue": (dict(revenue=0), ["Inputs!C10 (revenue): expected an amount above 0, got 0"]),
    "fraction of a client": (dict(clients_new=36.5), [
        "Inputs!C18 (clients_new): expected a whole number of 0 or more, got 36.5"]),
    "loss-making year": (dict(profit="-120 000"), [f'Inputs!C11 (profit): {LOSS}, got "-120 000"']),
    "zero profit": (dict(profit=0), [f"Inputs!C11 (profit): {LOSS}, got 0"]),
    "profit above revenue": (dict(profit=6_000_000), [
        "Inputs!C11 (profit): expected a profit of at most the revenue (5,880,000): the margin (profit / revenue) "
        "would be 102%, and net profit cannot exceed what was sold, got 6000000"]),
    "lost above start plus new": (dict(clients_lost=90), [
        "Inputs!C19 (clients_lost): expected at most 89 lost clients (clients at start 52 + new 37), got 90"]),
    "funnel of one stage": (dict(funnel_stages=["Paid"], funnel_counts=[37]), [
        "Inputs!C24:C31 (funnel_counts): expected at least 2 funnel stages: leads in the first row, paying new "
        "clients in the last filled row"]),
    "empty funnel stage": (dict(funnel_stages=["Leads", None, "Paid"], funnel_counts=[5300, None, 37]), [
        "Inputs!B25 (funnel_stages): expected stage 2 here: stages fill consecutive rows from the first, with no "
        "empty row before the last stage, got a blank cell"]),
    "zero funnel stage": (dict(funnel_counts=[5300, 0, 37]), [
        "Inputs!C25 (funnel_counts): expected a whole number above 0: every stage must have been reached by "
        "someone (leave unused rows blank), got 0"]),
    "last stage differs from new clients": (dict(funnel_counts=[5300, 1850, 40]), [
        'Inputs!C26 (funnel_counts): expected 37, the number of new clients (Inputs!C18): the last stage "Paid" '
        "is the paying new clients, got 40"]),
    "rate above 100 %": (dict(lever_retention="120%"), [
        'Inputs!C41 (lever_retention): "120%" sets it above 100 %; expected a share up to 100 %']),
    "bare rate above 100": (dict(lever_conversion="150"), [
        'Inputs!C42 (lever_conversion): "150" sets it above 100 %; expected a share up to 100 %']),
    "every problem at once": (dict(revenue=None, headcount="eighty", clients_lost=-1, lever_margin="200%"), [
        "Inputs!C10 (revenue): expected an amount above 0, got a blank cell",
        'Inputs!C14 (headcount): expected a whole number above 0: a number such as 1200000, 1 200 000 or 1.2M, '
        'got "eighty"',
        "Inputs!C19 (clients_lost): expected a whole number of 0 or more, got -1",
        'Inputs!C38 (lever_margin): "200%" sets it above 100 %; expected a share up to 100 %']),
}

WARNED = {
    "margin above 60 %": (dict(profit=4_000_000, target_profit=5_000_000), [
        "Inputs!C11 (margin): the margin is 68.03% (profit 4,000,000 / revenue 5,880,000), above the 60% that "
        "almost no business keeps as net profit; check that profit is net profit after all costs, not the "
        "contribution margin (revenue − variable costs)"]),
    "retention above 98 %": (dict(clients_lost=1), [
        "Inputs!C19 (retention): retention is 98.88% (active clients 88 / (clients at start 52 + new 37)), above "
        "the 98% that almost no business keeps; check lost clients, which counts every client, old or new, who "
        "stopped buying during the year"]),
    "revenue per employee far too low": (dict(revenue=300_000, profit=30_000, target_profit=60_000), [
        "Inputs!C14 (rev_per_employee): revenue per employee is 3,614 USD (revenue 300,000 / headcount 83), far "
        "below the 5,000 USD a year a business needs to pay one employee; check that revenue is not in thousands "
        "and that headcount counts people"]),
    "revenue per employee far too high": (dict(currency="RUB", revenue="588 млрд", profit="55,8 млрд",
                                               target_profit="120 млрд"), [
        "Inputs!C14 (rev_per_employee): revenue per employee is 7,084,337,349 RUB (revenue 588,000,000,000 / "
        "headcount 83), far above the 1,000,000,000 RUB a year that even trading companies rarely reach; check "
        "that revenue is not in cents or kopecks and that headcount is the whole team"]),
    "a lever multiplied by more than 5": (dict(lever_avg_check="x10"), [
        'Inputs!C40 (avg_check): the change "x10" takes avg_check from 87,761 to 877,612, 10 times last year\'s; '
        "a lever rarely moves more than 5-fold in a year: check the change"]),
    "a lever cut to a tenth": (dict(lever_avg_check="8776"), [
        'Inputs!C40 (avg_check): the change "8776" takes avg_check from 87,761 to 8,776, to 1/10 of last year\'s; '
        "a lever rarely moves more than 5-fold in a year: check the change"]),
    "a bare 1 in a rate": (dict(lever_avg_check=None, lever_conversion_steps=["1"]), [
        'Inputs!C43 (lever_conversion_steps): step 1 (Leads → Proposals): "1" is read as 100 % (a bare number '
        "of 1 or less is a share); write 100% or 1% to say which is meant"]),
}

SAME_KIND = [("revenue", "acquisition_spend", typed) for typed in [*_REFUSED, "1,234", 0]] + [
    ("clients_start", "channel_leads", typed) for typed in [*_REFUSED, "5.300", "5,3", 2.5]]

def with_formulas(*formulas):
    def change(entries):
        for cell, formula, result in formulas:
            corpus.with_formula(cell, formula, result)(entries)
    return change

TYPED = {
    "grouping spaces": dict(revenue="5 880 000", profit="558 000", funnel_counts=["5 300", "1 850", "37"]),
    "no-break and narrow no-break spaces": dict(revenue="5\u00a0880\u00a0000", profit="558\u202f000",
                                                target_profit="1\u2009200\u2009000"),
    "thousands commas": dict(revenue="5,880,000", profit="558,000.00", target_profit="1,200,000"),
    "currency signs and codes": dict(revenue="$5,880,000", profit="558 000 USD", target_profit="USD 1.2M"),
    "scale words": dict(revenue="5.88M", profit="558 тыс.", target_profit="1,2 млн"),
    "comma decimals": dict(revenue="5 880 000,00", profit="558000,0", target_profit="1,2e6"),
    "counts with thousands commas": dict(funnel_counts=["5,300", "1,850", "37"]),
    "whole counts typed as 52.0": dict(headcount="83.0", clients_start="52.0", clients_new=37.0, clients_lost="22,0"),
    "leading and trailing blanks": dict(company="  Worked example ", currency=" usd ", lang="EN ", clients_lost=" 22 ",
                                        lever_avg_check=" x2 "),
    "all at once in Russian notation": dict(revenue="5,88 млн", profit="558\u00a0000,00 $", headcount=" 83 ",
                                            funnel_counts=["5\u00a0300", "1 850", "37,0"], target_profit="1,2 млн долл."),
}

LABELS = {
    "English, pasted at A1": (corpus.EN, (1, 1)),
    "Russian, pasted lower and to the right": (corpus.RU, (4, 3)),
}

MOVED = {
    "rows inserted, sheet renamed": (_insert_rows_and_rename, "Client's data!C13"),
    "sheets reordered and added": (_reorder_and_add_sheets, "Inputs!C10"),
    "names scoped to a copied sheet": (_names_scoped_to_a_copied_sheet, "Inputs (2)!C10"),
}
