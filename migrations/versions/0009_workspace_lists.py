"""workspace lists (working days, holidays, org digest users) as JSON arrays instead of comma-separated text

Revision ID: 0009_workspace_lists
Revises: 0008_prep_share
Create Date: 2026-12-03 17:50:00.000000
"""

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009_workspace_lists"
down_revision: str | None = "0008_prep_share"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Hand-written: each column is copied into a new one in its new shape, row by row in Python (the same
# code on SQLite and PostgreSQL), then the old column is dropped and the new one takes its name.


def _parts(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


WEEKDAYS = [0, 1, 2, 3, 4]


def _days_to_json(text: str | None) -> list[int]:
    # As the reader did (calendar.working_hours.parse_days): a value with anything that is not a
    # weekday number in it, or with none, meant Monday to Friday.
    parts = _parts(text)
    if not parts or not all(part.isdigit() and int(part) < 7 for part in parts):
        return list(WEEKDAYS)
    return list(dict.fromkeys(int(part) for part in parts))


def _days_to_text(values: list[Any] | None) -> str:
    # The old column holds 13 characters: each weekday once.
    return ",".join(str(day) for day in dict.fromkeys(int(day) for day in values or []))


def _join(values: list[Any] | None) -> str:
    return ",".join(str(value) for value in values or [])


_Change = Callable[[Any], Any]
# column -> (its old type, old value -> new value, new value -> old value)
_COLUMNS: dict[str, tuple[sa.types.TypeEngine[Any], _Change, _Change]] = {
    "working_days": (sa.String(length=13), _days_to_json, _days_to_text),
    "org_digest_user_ids": (sa.Text(), _parts, _join),
    "holidays": (sa.Text(), _parts, _join),
}


def _rewrite(
    column: str,
    *,
    source_type: sa.types.TypeEngine[Any],
    target_type: sa.types.TypeEngine[Any],
    change: _Change,
    server_default: str | None = None,
) -> None:
    """Copy `column` into a staging column through `change`, then let the staging column take its place."""
    staging = f"{column}_next"
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.add_column(sa.Column(staging, target_type, server_default=server_default, nullable=True))
    table = sa.table(
        "workspaces", sa.column("team_id", sa.String()), sa.column(column, source_type), sa.column(staging, target_type)
    )
    connection = op.get_bind()
    for team_id, value in connection.execute(sa.select(table.c.team_id, table.c[column])).all():
        connection.execute(table.update().where(table.c.team_id == team_id).values({staging: change(value)}))
    with op.batch_alter_table("workspaces", schema=None) as batch_op:
        batch_op.drop_column(column)
        batch_op.alter_column(staging, new_column_name=column, existing_type=target_type, nullable=False)


def upgrade() -> None:
    for column, (old_type, to_json, _) in _COLUMNS.items():
        _rewrite(column, source_type=old_type, target_type=sa.JSON(), change=to_json)


def downgrade() -> None:
    for column, (old_type, _, to_text) in _COLUMNS.items():
        # 0005 gave holidays a server default of "" so that existing rows could take the new column.
        default = "" if column == "holidays" else None
        _rewrite(column, source_type=sa.JSON(), target_type=old_type, change=to_text, server_default=default)
