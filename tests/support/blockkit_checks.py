"""Pure Block Kit limit checks used by the fake Slack server; every check returns a list of error strings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

MAX_MESSAGE_TEXT = 40_000
MAX_MESSAGE_BLOCKS = 50
MAX_MESSAGE_BLOCKS_TEXT = 13_200
MAX_VIEW_BLOCKS = 100

BLOCK_TYPES = frozenset(
    {"section", "header", "context", "actions", "divider", "image", "input", "rich_text"}
    | {"file", "video", "markdown", "context_actions", "table"}
)
# element type -> maximum number of options (None: the element takes no options)
ELEMENT_TYPES: dict[str, int | None] = {
    "button": None,
    "static_select": 100,
    "multi_static_select": 100,
    "overflow": 5,
    "radio_buttons": 10,
    "checkboxes": 10,
    "external_select": None,
    "multi_external_select": None,
    "users_select": None,
    "multi_users_select": None,
    "conversations_select": None,
    "multi_conversations_select": None,
    "channels_select": None,
    "multi_channels_select": None,
    "datepicker": None,
    "timepicker": None,
    "datetimepicker": None,
    "plain_text_input": None,
    "email_text_input": None,
    "url_text_input": None,
    "number_input": None,
    "rich_text_input": None,
    "file_input": None,
    "image": None,
}


def error(pointer: str, message: str) -> str:
    """Format one error the way Slack does in ``response_metadata.messages``."""
    return f"[ERROR] {message} [json-pointer:{pointer}]"


def _too_long(pointer: str, value: object, limit: int) -> list[str]:
    if isinstance(value, str) and len(value) > limit:
        return [error(pointer, f"must be at most {limit} characters (got {len(value)})")]
    return []


def check_text_object(
    pointer: str, obj: object, limit: int, *, plain_only: bool = False, required: bool = True
) -> list[str]:
    """Check a composition text object (``{"type": "plain_text"|"mrkdwn", "text": ...}``)."""
    if obj is None:
        return [error(pointer, "is required")] if required else []
    if not isinstance(obj, dict):
        return [error(pointer, "must be a text object")]
    kinds = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
    if obj.get("type") not in kinds:
        return [error(f"{pointer}/type", f"must be one of {', '.join(kinds)}")]
    text = obj.get("text")
    if not isinstance(text, str) or not text:
        return [error(f"{pointer}/text", "must be a non-empty string")]
    return _too_long(f"{pointer}/text", text, limit)


def _check_options(pointer: str, element: dict[str, Any], limit: int) -> list[str]:
    errors: list[str] = []
    plain_only = element.get("type") not in ("radio_buttons", "checkboxes")
    options = element.get("options")
    groups = element.get("option_groups")
    if options is None and groups is None:
        return [error(f"{pointer}/options", "options (or option_groups) is required")]
    all_options: list[tuple[str, Any]] = []
    if isinstance(options, list):
        if len(options) > limit:
            errors.append(error(f"{pointer}/options", f"must have at most {limit} items (got {len(options)})"))
        all_options += [(f"{pointer}/options/{i}", o) for i, o in enumerate(options)]
    if isinstance(groups, list):
        if len(groups) > 100:
            errors.append(error(f"{pointer}/option_groups", "must have at most 100 items"))
        for g, group in enumerate(groups):
            group_opts = group.get("options", []) if isinstance(group, dict) else []
            if len(group_opts) > 100:
                errors.append(error(f"{pointer}/option_groups/{g}/options", "must have at most 100 items"))
            all_options += [(f"{pointer}/option_groups/{g}/options/{i}", o) for i, o in enumerate(group_opts)]
    for opt_pointer, option in all_options:
        errors += _check_option(opt_pointer, option, plain_only=plain_only)
    values = {o.get("value") for _, o in all_options if isinstance(o, dict)}
    initial = element.get("initial_options") or ([element["initial_option"]] if element.get("initial_option") else [])
    for option in initial:
        if not isinstance(option, dict) or option.get("value") not in values:
            errors.append(error(f"{pointer}/initial_option", "must match one of the provided options"))
    return errors


def _check_option(pointer: str, option: object, *, plain_only: bool) -> list[str]:
    if not isinstance(option, dict):
        return [error(pointer, "must be an option object")]
    errors = check_text_object(f"{pointer}/text", option.get("text"), 75, plain_only=plain_only)
    value = option.get("value")
    if not isinstance(value, str) or not value:
        errors.append(error(f"{pointer}/value", "must be a non-empty string"))
    errors += _too_long(f"{pointer}/value", value, 150)
    errors += check_text_object(f"{pointer}/description", option.get("description"), 75, required=False)
    errors += _too_long(f"{pointer}/url", option.get("url"), 3000)
    return errors


def _check_length_bounds(pointer: str, element: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    max_length, min_length = element.get("max_length"), element.get("min_length")
    if max_length is not None and (not isinstance(max_length, int) or not 1 <= max_length <= 3000):
        errors.append(error(f"{pointer}/max_length", "must be an integer between 1 and 3000"))
    if min_length is not None and (not isinstance(min_length, int) or not 0 <= min_length <= 3000):
        errors.append(error(f"{pointer}/min_length", "must be an integer between 0 and 3000"))
    if isinstance(max_length, int) and isinstance(min_length, int) and min_length > max_length:
        errors.append(error(f"{pointer}/min_length", "must not be greater than max_length"))
    return errors


def check_element(pointer: str, element: object) -> list[str]:
    """Check one block element (button, select, input, image, ...)."""
    if not isinstance(element, dict):
        return [error(pointer, "must be an element object")]
    kind = element.get("type")
    if kind not in ELEMENT_TYPES:
        return [error(f"{pointer}/type", f"unsupported element type {kind!r}")]
    errors = _too_long(f"{pointer}/action_id", element.get("action_id"), 255)
    errors += check_text_object(f"{pointer}/placeholder", element.get("placeholder"), 150, required=False)
    if kind == "button":
        errors += check_text_object(f"{pointer}/text", element.get("text"), 75, plain_only=True)
        errors += _too_long(f"{pointer}/value", element.get("value"), 2000)
        errors += _too_long(f"{pointer}/url", element.get("url"), 3000)
        if element.get("style") not in (None, "primary", "danger"):
            errors.append(error(f"{pointer}/style", "must be primary or danger"))
    elif kind == "image":
        errors += _too_long(f"{pointer}/alt_text", element.get("alt_text"), 2000)
        if not element.get("alt_text"):
            errors.append(error(f"{pointer}/alt_text", "is required"))
    elif kind == "plain_text_input":
        errors += _check_length_bounds(pointer, element)
    option_limit = ELEMENT_TYPES[kind]
    if option_limit is not None:
        errors += _check_options(pointer, element, option_limit)
    return errors


def _check_elements(pointer: str, elements: object, limit: int, *, context: bool = False) -> list[str]:
    if not isinstance(elements, list) or not elements:
        return [error(pointer, "must be a non-empty array")]
    errors: list[str] = []
    if len(elements) > limit:
        errors.append(error(pointer, f"must have at most {limit} items (got {len(elements)})"))
    action_ids: set[str] = set()
    for i, element in enumerate(elements):
        item = f"{pointer}/{i}"
        if context and isinstance(element, dict) and element.get("type") in ("plain_text", "mrkdwn"):
            errors += check_text_object(item, element, 3000)
            continue
        errors += check_element(item, element)
        action_id = element.get("action_id") if isinstance(element, dict) else None
        if isinstance(action_id, str):
            if action_id in action_ids:
                errors.append(error(f"{item}/action_id", f"duplicate action_id {action_id!r} in block"))
            action_ids.add(action_id)
    return errors


def check_block(pointer: str, block: object) -> list[str]:
    """Check one layout block (without the cross-block ``block_id`` uniqueness rule)."""
    if not isinstance(block, dict):
        return [error(pointer, "must be a block object")]
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        return [error(f"{pointer}/type", f"unsupported block type {kind!r}")]
    errors = _too_long(f"{pointer}/block_id", block.get("block_id"), 255)
    if kind == "section":
        errors += _check_section(pointer, block)
    elif kind == "header":
        errors += check_text_object(f"{pointer}/text", block.get("text"), 150, plain_only=True)
    elif kind == "context":
        errors += _check_elements(f"{pointer}/elements", block.get("elements"), 10, context=True)
    elif kind == "actions":
        errors += _check_elements(f"{pointer}/elements", block.get("elements"), 25)
    elif kind == "image":
        if not block.get("image_url") and not block.get("slack_file"):
            errors.append(error(f"{pointer}/image_url", "image_url or slack_file is required"))
        errors += _too_long(f"{pointer}/image_url", block.get("image_url"), 3000)
        errors += _too_long(f"{pointer}/alt_text", block.get("alt_text"), 2000)
        errors += check_text_object(f"{pointer}/title", block.get("title"), 2000, required=False)
    elif kind == "input":
        errors += check_text_object(f"{pointer}/label", block.get("label"), 2000, plain_only=True)
        errors += check_text_object(f"{pointer}/hint", block.get("hint"), 2000, plain_only=True, required=False)
        errors += (
            check_element(f"{pointer}/element", block["element"])
            if "element" in block
            else [error(f"{pointer}/element", "is required")]
        )
    elif kind == "markdown":
        errors += _too_long(f"{pointer}/text", block.get("text"), 12_000)
    return errors


def _check_section(pointer: str, block: dict[str, Any]) -> list[str]:
    errors: list[str] = []
    text, fields = block.get("text"), block.get("fields")
    if text is None and not fields:
        errors.append(error(pointer, "must provide text or fields"))
    errors += check_text_object(f"{pointer}/text", text, 3000, required=False)
    if fields is not None:
        if not isinstance(fields, list):
            errors.append(error(f"{pointer}/fields", "must be an array"))
        else:
            if len(fields) > 10:
                errors.append(error(f"{pointer}/fields", f"must have at most 10 items (got {len(fields)})"))
            for i, field in enumerate(fields):
                errors += check_text_object(f"{pointer}/fields/{i}", field, 2000)
    if "accessory" in block:
        errors += check_element(f"{pointer}/accessory", block["accessory"])
    return errors


def check_blocks(blocks: object, *, max_blocks: int, pointer: str = "/blocks") -> list[str]:
    """Check a surface's block list: count, each block, and unique ``block_id`` values."""
    if not isinstance(blocks, list):
        return [error(pointer, "must be an array of blocks")]
    errors: list[str] = []
    if len(blocks) > max_blocks:
        errors.append(error(pointer, f"must have at most {max_blocks} items (got {len(blocks)})"))
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        errors += check_block(f"{pointer}/{i}", block)
        block_id = block.get("block_id") if isinstance(block, dict) else None
        if isinstance(block_id, str):
            if block_id in seen:
                errors.append(error(f"{pointer}/{i}/block_id", f"duplicate block_id {block_id!r}"))
            seen.add(block_id)
    return errors


def _text_strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            else:
                yield from _text_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _text_strings(item)


def blocks_text_length(blocks: object) -> int:
    """Sum of the lengths of every ``text`` string anywhere inside ``blocks``."""
    return sum(len(text) for text in _text_strings(blocks))


def check_message_text(text: object) -> list[str]:
    """Top-level message ``text`` must be at most 40,000 characters."""
    return _too_long("/text", text, MAX_MESSAGE_TEXT)


def check_blocks_text_total(blocks: object) -> list[str]:
    """All text inside a message's blocks must add up to at most 13,200 characters."""
    total = blocks_text_length(blocks)
    if total > MAX_MESSAGE_BLOCKS_TEXT:
        return [error("/blocks", f"total text must be at most {MAX_MESSAGE_BLOCKS_TEXT} characters (got {total})")]
    return []


def check_message(text: object, blocks: object) -> list[str]:
    """Every message-level error (text length, blocks and their total text)."""
    errors = check_message_text(text)
    if blocks is not None:
        errors += check_blocks(blocks, max_blocks=MAX_MESSAGE_BLOCKS) + check_blocks_text_total(blocks)
    return errors


def classify_message(text: object, blocks: object) -> tuple[str, list[str]] | None:
    """The Slack error code and messages a message would be rejected with, or None when it is valid."""
    if errors := check_message_text(text):
        return "msg_too_long", errors
    if blocks is None:
        return None
    if errors := check_blocks(blocks, max_blocks=MAX_MESSAGE_BLOCKS):
        return "invalid_blocks", errors
    if errors := check_blocks_text_total(blocks):
        return "msg_blocks_too_long", errors
    return None


def check_view(view: object, *, expected_type: str | None = None) -> list[str]:
    """Check a modal or App Home view payload (``expected_type`` pins ``modal`` or ``home``)."""
    if not isinstance(view, dict):
        return [error("/view", "must be a view object")]
    kind = view.get("type")
    if kind not in ("modal", "home"):
        return [error("/view/type", "must be modal or home")]
    if expected_type is not None and kind != expected_type:
        return [error("/view/type", f"must be {expected_type} for this method")]
    errors = check_blocks(view.get("blocks"), max_blocks=MAX_VIEW_BLOCKS, pointer="/view/blocks")
    errors += _too_long("/view/private_metadata", view.get("private_metadata"), 3000)
    errors += _too_long("/view/callback_id", view.get("callback_id"), 255)
    errors += _too_long("/view/external_id", view.get("external_id"), 255)
    if kind == "home":
        errors += [error(f"/view/{key}", "is not allowed in home views") for key in ("submit", "close") if key in view]
        return errors
    errors += check_text_object("/view/title", view.get("title"), 24, plain_only=True)
    for key in ("submit", "close"):
        errors += check_text_object(f"/view/{key}", view.get(key), 24, plain_only=True, required=False)
    blocks = view.get("blocks")
    has_input = isinstance(blocks, list) and any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if has_input and not view.get("submit"):
        errors.append(error("/view/submit", "is required when the view has input blocks"))
    return errors
