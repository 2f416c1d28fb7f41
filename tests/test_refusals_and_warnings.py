"""Refusing clearly and warning about the suspicious (see `corpus`), with the exact messages.

A refused template lists every problem in one run, each with its cell, metric,
the value seen and what was expected; a suspicious one succeeds with warnings on
stderr, in the JSON and in the workbook.
"""

from __future__ import annotations

import datetime as dt
import json

import corpus
import pytest
from click.testing import CliRunner
from corpus import errors, solve, warnings
from openpyxl import load_workbook

from leverage.cli import main

# --- Refuse clearly ----------------------------------------------------------------------------------------

LOSS = ("expected a profit above 0: at a margin (profit / revenue) of 0 or below every extra sale adds to the "
        "loss, so scaling the business multiplies the loss instead of reaching a profit; fix the margin first "
        "(prices, costs, clients that cost more than they pay)")

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


@pytest.mark.parametrize("cells, messages", REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_located_messages(tmp_path, cells, messages):
    assert errors(solve(corpus.filled(tmp_path / "refused.xlsx", **cells))) == messages


# --- Warnings: possible but suspicious ------------------------------------------------------------------------

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


@pytest.mark.parametrize("cells, messages", WARNED.values(), ids=WARNED.keys())
def test_suspicious_inputs_warn_and_the_run_succeeds(tmp_path, cells, messages):
    result = solve(corpus.filled(tmp_path / "warned.xlsx", **cells))
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == messages
    assert [f"{w['location']} ({w['metric']}): {w['message']}" for w in json.loads(result.stdout)["warnings"]] == messages


def test_warnings_reach_the_terminal_json_and_workbook(tmp_path):
    path = corpus.filled(tmp_path / "w.xlsx", profit=4_000_000, target_profit=5_000_000)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--lever", "margin=1"])
    assert result.exit_code == 0
    expected = [
        WARNED["margin above 60 %"][1][0],
        '--lever (margin): "1" is read as 100 % (a bare number of 1 or less is a share); write 100% or 1% to say '
        "which is meant",
    ]
    assert result.stderr == "".join(f"Warning: {line}\n" for line in expected) + f"Wrote {out}\n"
    assert "Warning" not in result.stdout and "Profit margin" in result.stdout
    sheet = load_workbook(out)["Checks"]
    lines = [row[0].value for row in sheet.iter_rows() if row[0].value]
    title = lines.index("Warnings: possible but suspicious inputs")
    assert lines[title + 1:] == expected
