"""The team form reads the people picked (each once) and shows every problem under its one input."""

from __future__ import annotations

from bot.domain.team import F_PEOPLE, TeamOverview
from bot.slack.forms.team import block_for, picked_people, team_modal
from bot.slack.ids import Action, Block
from tests.support.prefilled import input_blocks


def test_the_people_picked_are_read_once_each_in_order() -> None:
    state = {Block.TEAM_PEOPLE: {Action.TEAM_PEOPLE: {"selected_users": ["U0LEO", "U0KIM", "U0LEO"]}}}

    assert picked_people(state) == ["U0LEO", "U0KIM"]


def test_a_problem_with_the_people_lands_on_the_forms_input() -> None:
    assert input_blocks(team_modal(TeamOverview((), ())).to_dict()) == [block_for(F_PEOPLE)]
