"""Career Prep: a Slack bot for career development conversations."""

__version__ = "0.1.0"
