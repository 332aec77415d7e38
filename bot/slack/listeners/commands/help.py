"""`/career-prep help`, and what anyone gets for input the bot does not understand."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks.help import help_message
from bot.slack.calls import CommandCall, Subcommand


def make_help(subcommands: Sequence[Subcommand]) -> Subcommand:
    """The help subcommand, listing every subcommand registered (including itself)."""

    def help_command(call: CommandCall) -> None:
        unknown = call.args or None
        listing = [(sub.name, sub.summary) for sub in subcommands]
        call.reply(help_message(listing, unknown=unknown))

    return Subcommand("help", "Show this list of commands.", help_command)
