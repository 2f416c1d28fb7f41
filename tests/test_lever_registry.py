"""The lever registry: one list of levers, and `conversion.K` parsed in one place."""

import pytest

from leverage.changes import check_lever_name
from leverage.errors import ChangeError
from leverage.form import fields
from leverage.model import analysis, uncertainty
from leverage.model import inputs as model
from leverage.model.levers import (
    LEVER_NAMES,
    MONEY_LEVERS,
    RANGE_LEVERS,
    RATE_LEVERS,
    funnel_step,
    is_rate,
    kind,
    step_lever,
    step_levers,
    within_funnel,
)


def test_the_registry_lists_each_kind_of_lever():
    assert LEVER_NAMES == ("margin", "rev_per_employee", "avg_check", "retention", "conversion")
    assert RATE_LEVERS == ("margin", "retention", "conversion")
    assert MONEY_LEVERS == ("rev_per_employee", "avg_check")
    # The simulation draws in this order: it fixes the random stream.
    assert RANGE_LEVERS == ("leads", "conversion", "avg_check", "retention", "margin")
    assert [kind(name) for name in ("leads", "avg_check", "margin", "conversion.3", "revenue")] == [
        "count", "money", "rate", "rate", None]


def test_every_module_takes_its_levers_from_the_registry():
    assert model.LEVER_NAMES is LEVER_NAMES
    assert uncertainty.RANGE_LEVERS is RANGE_LEVERS
    assert analysis.LEVERS == RANGE_LEVERS and analysis.RATES == ("conversion", "retention", "margin")
    assert fields.RANGE_LEVERS == (("margin", "rate"), ("avg_check", "money"), ("retention", "rate"),
                                   ("conversion", "rate"), ("leads", "count"))


def test_a_funnel_step_is_parsed_in_one_place():
    assert funnel_step("conversion.2") == 2 and step_lever(2) == "conversion.2"
    assert funnel_step("conversion") is None and funnel_step("conversion.x") is None
    assert step_levers(3) == ("conversion.1", "conversion.2", "conversion.3")
    assert is_rate("conversion.7") and not is_rate("leads")
    assert within_funnel("conversion.2", 2) and not within_funnel("conversion.3", 2)
    assert not within_funnel("conversion.0", None) and within_funnel("margin", 0)


def test_a_step_beyond_the_funnel_is_refused_with_the_steps_it_has():
    assert check_lever_name("Conversion.2", 2) == "conversion.2"
    with pytest.raises(ChangeError) as caught:
        check_lever_name("conversion.3", 2)
    assert str(caught.value) == 'unknown funnel step "conversion.3": this funnel has steps 1 to 2 (conversion.1 = first stage to second)'
