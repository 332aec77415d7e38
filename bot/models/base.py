"""The declarative base, naming convention and column types shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import DateTime, Enum, ForeignKey, MetaData
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always stored and returned as aware UTC, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite keeps no offset: store naive UTC so text comparisons order correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def str_enum(enum_class: type[StrEnum], length: int = 20, name: str | None = None) -> Enum:
    """Store a StrEnum by value in a VARCHAR with a CHECK constraint, identical on both engines.

    `name` names the CHECK constraint; give one when a table has two columns of the same enum.
    """
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        create_constraint=True,
        name=name or enum_class.__name__.lower(),
    )


class Base(DeclarativeBase):
    """Every model derives from this; constraint names follow NAMING_CONVENTION."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class TeamScoped:
    """Mixin for tables that belong to one Slack workspace."""

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id", ondelete="CASCADE"))


class Timestamped:
    """created_at/updated_at columns; values are set by the domain with its injected `now`."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


# A new row is looked at by the very next planning pass (any `now` is later than this).
PLAN_AT_ONCE = datetime(2000, 1, 1, tzinfo=UTC)


class Planned:
    """`plan_after`: the planner's sweep looks at the row again at the first pass from this instant on.

    Planning sets it to the next moment something new could become plannable (a meeting entering the
    horizon, a meeting ending, a due date coming near); a change the row's reminders depend on sets
    it to `now`; NULL means nothing to plan until the row changes. Indexed: an idle pass reads none.
    """

    plan_after: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=PLAN_AT_ONCE)
