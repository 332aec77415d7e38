"""Allow `python -m bot` as an alias of the `career-prep` command."""

from bot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
