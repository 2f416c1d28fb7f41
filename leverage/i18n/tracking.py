"""The words of the tracking that the terminal and the workbook share: the levers' metrics as tracked, why a lever
alone cannot reach the target in the months left, and the alerts' sentence."""

from __future__ import annotations

from ..model.track import Alert, Track
from . import N_, Message, Pct, Translator, _

# Why a lever alone cannot reach the target in the months left (`Requirement.reason`).
REASONS: dict[str, Message] = {
    "above_100": _("it would have to exceed 100 %"),
    "covered": _("the target is reached without it"),
    "unreachable": _("this lever alone cannot reach the target"),
}
# The levers' metrics as the tracking measures them, month by month.
TRACKED_LEVERS: dict[str, Message] = {
    "leads": _("Leads"),
    "conversion": _("Conversion, leads to paying clients"),
    "retention": _("Retention factor (active clients / carried in + new to date)"),
    "avg_check": _("Revenue per active client, a month"),
    "margin": _("Profit margin"),
    "rev_per_employee": _("Revenue per employee, a month"),
}


def alert_text(alert: Alert, track: Track, owner: str, t: Translator) -> str:
    """`Conversion, leads to paying clients off plan by more than 10 % for 3 months in a row (...); owner: Anna`."""
    return t(_alert_message(alert, track, owner, ", ".join(t.percent(round(s, 4) + 0.0) for s in alert.shares)))


def _alert_message(alert: Alert, track: Track, owner: str, shares: str) -> Message:
    months = ", ".join(alert.months)
    params: dict[str, object] = {"metric": TRACKED_LEVERS[alert.metric], "tolerance": Pct(track.tolerance, 0),
                                 "months": months, "shares": shares, "owner": owner}
    if owner:
        return N_("{metric} off plan by more than {tolerance} for {n} month in a row ({months}: {shares}); "
                  "owner: {owner}",
                  "{metric} off plan by more than {tolerance} for {n} months in a row ({months}: {shares}); "
                  "owner: {owner}", len(alert.months), n=len(alert.months), **params)
    return N_("{metric} off plan by more than {tolerance} for {n} month in a row ({months}: {shares}); no owner "
              "named in the plan",
              "{metric} off plan by more than {tolerance} for {n} months in a row ({months}: {shares}); no owner "
              "named in the plan", len(alert.months), n=len(alert.months), **params)
