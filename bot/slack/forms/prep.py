"""The prep modal (self-assessment, paths and people, requests): built, read back, and each domain
field's error placed on its block (for its review step too, in prep_review)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import (
    Block,
    HeaderBlock,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.conversation_types import LABELS, ConversationType
from bot.domain.prep import F_CLOSED, F_SHARE, PrepState
from bot.domain.prep_answers import (
    ASK_DETAIL_MAX,
    ASK_LABELS,
    MAX_ASKS,
    MAX_PEOPLE,
    TEXT_FIELDS,
    TEXT_MAX,
    Ask,
    PrepAnswers,
    parse_asks,
)
from bot.slack import parse
from bot.slack.blocks.agenda import GROWTH_NOT_RATING
from bot.slack.blocks.common import clip_mrkdwn, context, escape, format_local, mention, section
from bot.slack.ids import COMMAND, Action, Callback, prep_ask_block, prep_ask_detail_block, prep_block
from bot.slack.ids import Block as BlockId
from bot.slack.values import PrepRef, encode

F_PEOPLE = "people"
MAX_PROMPTS = 8  # 8 prompts of up to 330 characters stay within a section's 3000


@dataclass(frozen=True)
class PrepQuestion:
    """One free-text prep question: its field, label, an example and a hint."""

    field: str
    label: str
    placeholder: str
    hint: str | None = None

    @property
    def block_id(self) -> str:
        return prep_block(self.field)


SELF_ASSESSMENT = (
    PrepQuestion(
        "strengths",
        "Strengths you'd like to use more",
        "e.g. untangling messy problems, explaining technical ideas to customers",
        "Think of moments when work felt easy for you and valuable to others.",
    ),
    PrepQuestion(
        "energizing_work",
        "Work that energised you lately",
        "e.g. pairing with the new joiners on the billing migration",
    ),
    PrepQuestion(
        "underused_skills",
        "Skills you have that go unused",
        "e.g. I used to run user interviews and miss doing research",
    ),
)
GROWTH = (
    PrepQuestion("grow_skills", "Skills you want to build next", "e.g. leading a design review, public speaking"),
    PrepQuestion(
        "direction",
        "Where you'd like to be in 2 to 5 years",
        "e.g. leading a small team, or becoming the go-to expert on data privacy",
        "A direction is enough; it doesn't have to be a job title.",
    ),
)
PATHS = PrepQuestion(
    "paths",
    "Roles or paths you're curious about",
    "e.g. product management, a move to the platform team, staff engineer",
    "Sideways moves count as much as upward ones.",
)
TOPICS = PrepQuestion("topics", "Anything else you want to talk about", "e.g. how to get more visible work")


def _text_input(question: PrepQuestion, value: str) -> InputBlock:
    return InputBlock(
        block_id=question.block_id,
        label=question.label,
        hint=question.hint,
        optional=True,
        element=PlainTextInputElement(
            action_id=Action.PREP_TEXT,
            multiline=True,
            max_length=TEXT_MAX,
            placeholder=question.placeholder,
            initial_value=value or None,
        ),
    )


def _ask_rows(asks: tuple[Ask, ...]) -> list[Block]:
    options = [Option(value=kind.value, label=label) for kind, label in ASK_LABELS.items()]
    rows: list[Block] = []
    for index in range(MAX_ASKS):
        ask = asks[index] if index < len(asks) else None
        initial = next((o for o in options if ask is not None and o.value == ask.kind.value), None)
        rows.append(
            InputBlock(
                block_id=prep_ask_block(index),
                label=f"Request {index + 1}",
                optional=True,
                element=StaticSelectElement(
                    action_id=Action.PREP_ASK_KIND,
                    placeholder="What would help you grow?",
                    options=options,
                    initial_option=initial,
                ),
            )
        )
        rows.append(
            InputBlock(
                block_id=prep_ask_detail_block(index),
                label=f"Details for request {index + 1}",
                optional=True,
                element=PlainTextInputElement(
                    action_id=Action.PREP_ASK_DETAIL,
                    max_length=ASK_DETAIL_MAX,
                    placeholder="e.g. lead the Q3 onboarding revamp; a mentor who has moved into product",
                    initial_value=(ask.detail or None) if ask else None,
                ),
            )
        )
    return rows


def prep_form(state: PrepState) -> View:
    """The prep form, prefilled with the saved draft."""
    a = state.answers
    when = format_local(state.scheduled_at, state.employee_tz)
    saved = f" Last saved {format_local(state.saved_at, state.employee_tz)}." if state.saved_at else ""
    if state.shared_at is not None:
        saved += (
            f" {state.manager_name} has the version you shared {format_local(state.shared_at, state.employee_tz)};"
            " your edits reach them only if you share again on the next step."
        )
    blocks: list[Block] = [
        section(
            f"*Prepare for your 1:1 with {mention(state.manager_user_id)}* on {when}.\n"
            "Everything here stays private until you choose to share it. Skip whatever doesn't fit."
        ),
        context(f"Saved each time you press Review.{saved}"),
        *_prompt_blocks(state),
        HeaderBlock(text="Where you are now"),
        *(_text_input(q, getattr(a, q.field)) for q in SELF_ASSESSMENT),
        HeaderBlock(text="Where you want to grow"),
        *(_text_input(q, getattr(a, q.field)) for q in GROWTH),
        HeaderBlock(text="Paths and people"),
        _text_input(PATHS, a.paths),
        InputBlock(
            block_id=BlockId.PREP_PEOPLE,
            label="People you'd like an informational chat with",
            hint="People in roles you're curious about. Your manager may help with an introduction.",
            optional=True,
            element=UserMultiSelectElement(
                action_id=Action.PREP_PEOPLE,
                placeholder="Pick people",
                initial_users=list(a.people) or None,
                max_selected_items=MAX_PEOPLE,
            ),
        ),
        HeaderBlock(text="What you'll ask for"),
        context('Concrete requests are easier to say yes to than "more leadership experience".'),
        *_ask_rows(a.asks),
        HeaderBlock(text="Anything else"),
        _text_input(TOPICS, a.topics),
        context(GROWTH_NOT_RATING + " Those belong in other meetings."),
    ]
    return View(
        type="modal",
        callback_id=Callback.PREP_FORM,
        title="Prepare your 1:1",
        submit="Review",
        close="Cancel",
        blocks=blocks,
        private_metadata=encode(PrepRef(conversation_id=state.conversation_id)),
    )


def _prompt_blocks(state: PrepState) -> list[Block]:
    """The meeting's type when it is not the usual one, and the workspace's prompts for it."""
    blocks: list[Block] = []
    what = LABELS[state.kind]
    if state.kind is not ConversationType.CAREER_GROWTH:
        blocks.append(
            section(
                f"*This 1:1 is a {what}.* The prompts below help you get ready for it; the form's questions "
                f"still fit if they are useful. `{COMMAND} type career-growth` switches back."
            )
        )
    if state.prompts:
        lines = "\n".join(f"• {clip_mrkdwn(escape(prompt), 330)}" for prompt in state.prompts[:MAX_PROMPTS])
        blocks.append(section(f"*To think about before your {what}*\n{lines}"))
        blocks.append(context('Write what you want to say under "Anything else" at the end.'))
    return blocks


def prep_answers(state: parse.State) -> tuple[PrepAnswers, dict[str, str]]:
    """The answers, and row errors (a request detail with no kind, a forged person) keyed by domain field."""
    texts = {name: parse.text_value(state, prep_block(name), Action.PREP_TEXT) for name in TEXT_FIELDS}
    try:
        people = parse.selected_users(state, BlockId.PREP_PEOPLE, Action.PREP_PEOPLE)
        forged = False
    except parse.ForgedUserId:
        people, forged = [], True
    rows = [
        (
            parse.selected_option(state, prep_ask_block(i), Action.PREP_ASK_KIND),
            parse.text_value(state, prep_ask_detail_block(i), Action.PREP_ASK_DETAIL),
        )
        for i in range(MAX_ASKS)
    ]
    asks, errors = parse_asks(rows)
    if forged:
        errors[F_PEOPLE] = parse.NOT_A_USER
    return PrepAnswers(**texts, people=tuple(people), asks=asks), errors


def block_for(field: str) -> str:
    """The input block that shows a domain field's error."""
    if field == F_CLOSED:
        return BlockId.PREP_STRENGTHS
    if field == F_SHARE:
        return BlockId.PREP_SHARE
    index = field.removeprefix("ask_")
    if index != field and index.isdigit():
        return prep_ask_detail_block(int(index))  # a request's problem shows under its details
    return prep_block(field)
