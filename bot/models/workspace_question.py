"""A workspace's own questions, imported from YAML, beside (or instead of) the default bank."""

from __future__ import annotations

from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.models.base import Base, TeamScoped, Timestamped


class WorkspaceQuestion(TeamScoped, Timestamped, Base):
    """`audience` is "brief" (the manager's questions) or "prep" (a prompt in the employee's prep form);
    `tags` hold conversation types (career_growth, feedback, stay_interview, mid_year_review). An import
    replaces all of a workspace's rows; `Workspace.question_mode` says whether they extend the default
    bank or replace it."""

    __tablename__ = "workspace_questions"
    __table_args__ = (
        UniqueConstraint("team_id", "question_key"),
        Index("ix_workspace_questions_team_id_audience", "team_id", "audience"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    question_key: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(16))
    theme: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
