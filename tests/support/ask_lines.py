"""AskLine values for block tests: many asks with long, hostile text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.domain.ask_views import AskLine
from bot.models import AskState

OPENED = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
STATES = (AskState.OPEN, AskState.NOT_NOW, AskState.YES, AskState.REDIRECTED)


def ask_lines(
    count: int, *, employee: str = "UANA", asked: str = "UMIRA", state: AskState | None = None
) -> tuple[AskLine, ...]:
    return tuple(
        AskLine(
            ask_id=n + 1,
            label="A mentor",
            detail="<!channel> & " * 60,
            state=state or STATES[n % len(STATES)],
            opened_at=OPENED + timedelta(days=n),
            employee_user_id=employee,
            employee_name="Ana Silva",
            asked_user_id=asked,
            asked_name="Mira Chen",
            answer_text="because " * 80,
            revisit_on=date(2027, 3, 1),
            resource="https://example.com/" + "x" * 400,
            redirected_to_user_id=None,
            item_text="Write it up " * 30,
        )
        for n in range(count)
    )
