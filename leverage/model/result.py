"""One run's result: the scenarios and everything computed from them, computed once.

`leverage.solve` returns a `Result`; the terminal table, the JSON and the workbook render
it and compute nothing again. A Result is the run's `Scenarios` (so `result["B'"].leads`,
`result.inputs` and `result.points` read as before) with the lever analysis, the unit
economics, the channel metrics and every warning of the run in `warnings`: the inputs'
own, those about the target and the lever changes, then the unit economics' and the
channels' (clients or channels that do not pay back, channel leads that do not add up),
each located at its cell of the workbook (`sheet_layout`).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from ..errors import Notice
from ..sheet_layout import channels_cell, channels_sheet, economics_cell
from .inputs import Scenarios

if TYPE_CHECKING:
    from .analysis import LeverAnalysis
    from .channels import ChannelReport
    from .economics import UnitEconomics
    from .market import Market


@dataclass(frozen=True)
class Result(Scenarios):
    """Points A, B, B' and B'' of one run, with what is computed from them and every warning of the run.

    `analysis`: what each lever is worth and must reach (`leverage.analysis`, at its default step);
    `economics`: each point's unit economics, None unless the template gives acquisition spend;
    `channels`: the channel table, None unless the template lists channels;
    `market`: each point's leads and new clients as a share of the market, None without a market size.
    """

    analysis: LeverAnalysis | None = None
    economics: UnitEconomics | None = None
    channels: ChannelReport | None = None
    market: Market | None = None


def result_of(scenarios: Scenarios) -> Result:
    """`scenarios` as a Result: itself if it is one, else with its analyses and warnings computed now.

    `leverage.solve` gives a Result; this serves whoever solved with `leverage.model.solve.solve` and
    renders that.
    """
    if isinstance(scenarios, Result):
        return scenarios
    from .analysis import analyse

    inputs = scenarios.inputs
    economics = channels = None
    if inputs.acquisition is not None:  # the module only for a template that gives acquisition spend
        from .economics import unit_economics

        economics = unit_economics(scenarios)
    if inputs.channels:
        from .channels import analyse_channels

        channels = analyse_channels(inputs)
    market: Market | None = None
    market_notes: tuple[Notice, ...] = ()
    if inputs.market_size is not None:  # the module only for a market size
        from .market import market_of, market_warnings

        market = market_of(scenarios)
        market_notes = market_warnings(scenarios, market)
    own = {f.name: getattr(scenarios, f.name) for f in fields(Scenarios)}
    own["warnings"] = (*scenarios.warnings, *economics_warnings(scenarios, economics),
                       *channel_warnings(scenarios, channels), *market_notes)
    return Result(**own, analysis=analyse(inputs, scenarios.target_profit), economics=economics, channels=channels,
                  market=market)


def economics_warnings(scenarios: Scenarios, economics: UnitEconomics | None) -> tuple[Notice, ...]:
    """Points whose clients do not pay back, at their payback cell of the Unit economics sheet."""
    if economics is None:
        return ()
    from .economics import warning_text

    index = {p.key: i for i, p in enumerate(scenarios.points)}
    return tuple(Notice(economics_cell("payback", index[keys[0]]), "payback_months",
                        warning_text(keys, first))
                 for keys, first in economics.warnings())


def channel_warnings(scenarios: Scenarios, report: ChannelReport | None) -> tuple[Notice, ...]:
    """Channels that do not pay back (at their ROMI cell), and channel leads that do not add up."""
    if report is None:
        return ()
    from .channels import leads_warning, romi_warning

    out = [Notice(channels_cell("romi", i), "romi", romi_warning(report, c))
           for i, c in enumerate(report.channels) if c.pays_back is False]
    message = leads_warning(report, scenarios.inputs.source("funnel.1"))
    if message is not None:
        out.append(Notice(scenarios.inputs.source("channel_leads") or channels_sheet(), "channel_leads", message))
    return tuple(out)
