"""Fake Slack Web API methods: views (modals, App Home) and the external files upload flow."""

from __future__ import annotations

import json
import time
from typing import Any

from tests.support import blockkit_checks
from tests.support.fake_slack_methods import Handler, Params, resolve_target
from tests.support.fake_slack_records import BASE_EPOCH, PendingUpload, SlackError
from tests.support.fake_slack_state import FakeSlackState

VIEW_FIELDS = (
    "type",
    "title",
    "blocks",
    "close",
    "submit",
    "private_metadata",
    "callback_id",
    "external_id",
    "clear_on_close",
    "notify_on_close",
    "submit_disabled",
)


def invalid_arguments(message: str) -> SlackError:
    return SlackError("invalid_arguments", [f"[ERROR] {message}"])


def _check_trigger(params: Params) -> None:
    trigger_id = params.get("trigger_id")
    if not isinstance(trigger_id, str) or not trigger_id:
        raise invalid_arguments("missing required field: trigger_id")
    if trigger_id.startswith("expired"):
        raise SlackError("expired_trigger_id")


def _valid_view(state: FakeSlackState, params: Params, expected_type: str | None) -> dict[str, Any]:
    view = params.get("view")
    if state.strict and (errors := blockkit_checks.check_view(view, expected_type=expected_type)):
        raise SlackError("invalid_arguments", errors, violation=True)
    if not isinstance(view, dict):
        raise invalid_arguments("missing or unparsable view")
    return view


def _check_external_id(state: FakeSlackState, view: dict[str, Any], own_id: str | None = None) -> None:
    external_id = view.get("external_id")
    if not external_id:
        return
    for other in state.store.views.values():
        if other["external_id"] == external_id and other["id"] != own_id:
            raise SlackError("duplicate_external_id")


def _new_hash(state: FakeSlackState) -> str:
    number = state.next_number()
    return f"{BASE_EPOCH + number}.{number:08x}"


def _fill_view(state: FakeSlackState, record: dict[str, Any], view: dict[str, Any]) -> dict[str, Any]:
    record.update(
        {
            "title": None,
            "blocks": [],
            "close": None,
            "submit": None,
            "private_metadata": "",
            "callback_id": "",
            "external_id": record.get("external_id", ""),
            "clear_on_close": False,
            "notify_on_close": False,
        }
    )
    record.update({key: view[key] for key in VIEW_FIELDS if key in view})
    record["state"] = {"values": {}}
    record["hash"] = _new_hash(state)
    state.store.views[record["id"]] = record
    return record


def _create_view(state: FakeSlackState, view: dict[str, Any], previous_id: str | None = None) -> dict[str, Any]:
    view_id = state.next_id("V")
    root_id = view_id
    if previous_id is not None:
        root_id = state.store.views[previous_id]["root_view_id"]
    record: dict[str, Any] = {
        "id": view_id,
        "team_id": state.team_id,
        "root_view_id": root_id,
        "previous_view_id": previous_id,
        "app_id": state.app_id,
        "app_installed_team_id": state.team_id,
        "bot_id": state.bot_id,
    }
    return _fill_view(state, record, view)


def _check_hash(params: Params, record: dict[str, Any]) -> None:
    expected = params.get("hash")
    if expected and expected != record["hash"]:
        raise SlackError("hash_conflict")


def views_open(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    _check_trigger(params)
    view = _valid_view(state, params, "modal")
    _check_external_id(state, view)
    record = _create_view(state, view)
    state.store.last_view_id = record["id"]
    return {"view": record}


def views_push(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    _check_trigger(params)
    view = _valid_view(state, params, "modal")
    _check_external_id(state, view)
    previous = state.store.last_view_id
    if previous is not None and state.store.views[previous]["type"] != "modal":
        previous = None
    record = _create_view(state, view, previous)
    state.store.last_view_id = record["id"]
    return {"view": record}


def views_update(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    view_id, external_id = params.get("view_id"), params.get("external_id")
    if not view_id and not external_id:
        raise invalid_arguments("view_id or external_id is required")
    matches = [
        v for v in state.store.views.values() if v["id"] == view_id or (external_id and v["external_id"] == external_id)
    ]
    if not matches:
        raise SlackError("not_found")
    record = matches[0]
    _check_hash(params, record)
    view = _valid_view(state, params, record["type"])
    _check_external_id(state, view, record["id"])
    _fill_view(state, record, view)
    state.store.last_view_id = record["id"]
    return {"view": record}


def views_publish(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    user_id = params.get("user_id")
    if not isinstance(user_id, str) or not user_id:
        raise invalid_arguments("missing required field: user_id")
    view = _valid_view(state, params, "home")
    existing = state.store.home_views.get(user_id)
    if existing is not None:
        _check_hash(params, existing)
        record = _fill_view(state, existing, view)
    else:
        record = _create_view(state, view)
    state.store.home_views[user_id] = record
    return {"view": record}


# -- files -----------------------------------------------------------------------------------------


def files_get_upload_url_external(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    filename = params.get("filename")
    if not isinstance(filename, str) or not filename:
        raise invalid_arguments("missing required field: filename")
    try:
        length = int(params.get("length", ""))
    except (TypeError, ValueError):
        raise invalid_arguments("missing or invalid field: length") from None
    file_id = state.next_id("F", width=8)
    state.store.uploads[file_id] = PendingUpload(file_id, filename, length)
    return {"upload_url": f"{state.base_url}upload/{file_id}", "file_id": file_id}


def receive_upload(state: FakeSlackState, file_id: str, content: bytes) -> bool:
    """Store bytes POSTed to an upload URL; False when the URL was never handed out."""
    with state.lock:
        pending = state.store.uploads.get(file_id)
        if pending is None:
            return False
        pending.content = content
        return True


def _requested_files(params: Params) -> list[dict[str, Any]]:
    files = params.get("files")
    if isinstance(files, str):
        try:
            files = json.loads(files)
        except ValueError:
            raise invalid_arguments("files must be a JSON array") from None
    if not isinstance(files, list) or not files or not all(isinstance(f, dict) and f.get("id") for f in files):
        raise invalid_arguments("files must be a non-empty array of {id, title}")
    return files


def files_complete_upload_external(state: FakeSlackState, params: Params, token: str | None) -> dict[str, Any]:
    requested = _requested_files(params)
    uploads = [state.store.uploads.get(f["id"]) for f in requested]
    ready = [u for u in uploads if u is not None and u.content is not None]
    if len(ready) != len(requested):
        raise SlackError("file_not_found")
    targets = [str(params["channel_id"])] if params.get("channel_id") else []
    targets += [c for c in str(params.get("channels") or "").split(",") if c]
    channels = [resolve_target(state, target) for target in targets]
    thread_ts = params.get("thread_ts")
    if thread_ts and not any(m["channel"] in channels[:1] and m["ts"] == thread_ts for m in state.store.messages):
        raise SlackError("invalid_thread_ts")  # a thread that is not in the channel shared to
    answer = []
    for wanted, upload in zip(requested, ready, strict=True):
        content = upload.content or b""
        title = wanted.get("title") or upload.filename
        state.store.files.append(
            {
                "id": upload.file_id,
                "title": title,
                "filename": upload.filename,
                "channel_id": channels[0] if channels else None,
                "channels": channels,
                "content": content,
                "initial_comment": params.get("initial_comment"),
                "thread_ts": params.get("thread_ts"),
            }
        )
        del state.store.uploads[upload.file_id]
        answer.append({"id": upload.file_id, "name": upload.filename, "title": title, "size": len(content)})
    if channels:
        _share(state, channels[0], params, [{k: f[k] for k in ("id", "name", "title")} for f in answer])
    return {"files": answer}


def _share(state: FakeSlackState, channel: str, params: Params, files: list[dict[str, Any]]) -> None:
    """As Slack: sharing files posts a message carrying them (in the thread of `thread_ts`, if given)."""
    thread_ts = params.get("thread_ts") or None
    state.store.messages.append(
        {
            "channel": channel,
            "ts": state.next_ts(),
            "text": params.get("initial_comment") or "",
            "blocks": [],
            "thread_ts": thread_ts,
            "updated": False,
            "edited_ts": None,
            "user": state.bot_user_id,
            "attachments": None,
            "metadata": None,
            "posted_at": time.time(),
            "files": files,
        }
    )


HANDLERS: dict[str, Handler] = {
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "views.publish": views_publish,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
