"""Lever changes: the syntax, its refusals, and how changes combine."""

import pytest
from cases import CHANGE_REFUSALS

from leverage.changes import check_lever_name, combine, parse_assignment, parse_change, step_changes
from leverage.errors import ChangeError
from leverage.model.inputs import Change


@pytest.mark.parametrize("lever,text,before,after", [
    ("avg_check", "x2", 87_761, 175_522),
    ("avg_check", "×1.5", 100, 150),
    ("avg_check", "+100%", 100, 200),
    ("avg_check", "-10%", 100, 90),
    ("avg_check", "175000", 1, 175_000),
    ("avg_check", "175k", 1, 175_000),
    ("retention", "+5pp", 0.75, 0.80),
    ("retention", "-2 pp", 0.75, 0.73),
    ("margin", "18%", 0.09, 0.18),
    ("margin", "0.18", 0.09, 0.18),
    ("margin", "18", 0.09, 0.18),
    ("conversion.2", "x1.5", 0.02, 0.03),
    ("margin", 0.15, 0.09, 0.15),
    ("avg_check", 200_000, 1, 200_000),
])
def test_changes_apply(lever, text, before, after):
    assert parse_change(lever, text).apply(before) == pytest.approx(after)


@pytest.mark.parametrize("lever,text,message", CHANGE_REFUSALS)
def test_refusals_say_what_to_write(lever, text, message):
    with pytest.raises(ChangeError) as info:
        parse_change(lever, text)
    assert str(info.value) == message


def test_lever_names():
    assert check_lever_name("Avg-Check") == "avg_check"
    assert check_lever_name("conversion.2", steps=2) == "conversion.2"
    with pytest.raises(ChangeError, match="this funnel has steps 1 to 2"):
        check_lever_name("conversion.3", steps=2)
    with pytest.raises(ChangeError, match='unknown lever "price": expected one of margin, rev_per_employee, avg_check, retention, conversion, conversion.K'):
        check_lever_name("price")
    with pytest.raises(ChangeError, match="is not NAME=CHANGE"):
        parse_assignment("avg_check x2")


def test_composition_matches_applying_in_turn():
    changes = [Change(multiply=2), Change(add=0.05), Change(multiply=1.1), Change(set=0.3), Change(add=-0.01)]
    value, combined = 0.4, Change()
    for change in changes:
        value = change.apply(value)
        combined = combined.then(change)
    assert combined.apply(0.4) == pytest.approx(value)


def test_later_group_overrides_same_lever_and_steps_stack():
    template = [("avg_check", Change(multiply=3)), ("conversion", Change(multiply=2))]
    cli = [("avg_check", Change(multiply=2)), ("avg_check", Change(multiply=1.5)), ("conversion.1", Change(add=0.01))]
    merged = combine(template, cli)
    assert merged["avg_check"].multiply == 3.0
    steps = step_changes(merged, 2)
    assert steps[0].apply(0.1) == pytest.approx(0.21) and steps[1].apply(0.1) == pytest.approx(0.2)


def test_signed_numbers_and_step_zero_say_what_to_type():
    with pytest.raises(ChangeError) as info:
        parse_change("margin", "+5")
    assert str(info.value) == ('margin: "+5" is a signed number; write +5pp for percentage points, +10% for a relative '
                               "change, or a plain new value")
    with pytest.raises(ChangeError) as info:
        parse_change("avg_check", "-5")
    assert str(info.value) == 'avg_check: "-5" is a signed number; write +10% for a relative change, or a plain new value'
    with pytest.raises(ChangeError) as info:
        check_lever_name("conversion.0")
    assert str(info.value) == ('unknown funnel step "conversion.0": steps are numbered from 1 '
                               "(conversion.1 = first stage to second)")
