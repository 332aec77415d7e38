"""The export's section on the person's team-planning date (a manager's own setting)."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.markdown import Doc, day
from bot.models import TeamPlanning


def write_planning(doc: Doc) -> None:
    me = doc.reader
    planning = doc.session.scalar(
        select(TeamPlanning).where(TeamPlanning.team_id == me.team_id, TeamPlanning.manager_id == me.id)
    )
    if planning is None:
        return  # only managers who set a date have one; nothing to say for everyone else
    doc.add("## Your team-planning date", "")
    digest = day(planning.digest_for) if planning.digest_for else "none yet"
    doc.add(
        f"- Planning on: {day(planning.planning_on)}{' (then every 3 months)' if planning.quarterly else ''}",
        f"- Last digest of shared interests planned for: {digest}",
        f"- Set {doc.when(planning.created_at)}, last changed {doc.when(planning.updated_at)}",
        "",
    )
