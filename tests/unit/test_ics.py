"""The .ics writer: RFC 5545 required properties, read back with icalendar and with vobject."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest
import vobject

from bot.calendar import ics

STAMP = datetime(2027, 1, 4, 9, 30, tzinfo=UTC)
MONTHLY = "FREQ=MONTHLY;INTERVAL=1;BYDAY=+2TU"


def _series(*, sequence: int = 0, cancelled: bool = False, tz: str = "Europe/Berlin") -> icalendar.Event:
    return ics.series_event(
        uid=ics.series_uid("T123", 12),
        sequence=sequence,
        summary="1:1 with Mira",
        description="Prepare in Slack: https://slack.com/app_redirect?app=A1",
        tz=tz,
        start_local=datetime(2027, 2, 9, 10, 0),
        length_minutes=30,
        rrule=MONTHLY,
        stamp=STAMP,
        cancelled=cancelled,
        url="https://slack.com/app_redirect?app=A1",
    )


def test_series_uid_is_stable_and_names_the_workspace() -> None:
    assert ics.series_uid("T123", 12) == ics.series_uid("T123", 12)
    assert ics.series_uid("T123", 12) != ics.series_uid("T999", 12)
    assert ics.series_uid("T123", 12) != ics.series_uid("T123", 13)
    assert "@" in ics.series_uid("T123", 12)


def test_document_has_the_required_properties_and_crlf_lines() -> None:
    raw = ics.document([_series()], method="REQUEST", name="Career Prep")
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    assert b"\n" not in raw.replace(b"\r\n", b"")
    calendar = icalendar.Calendar.from_ical(raw)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == ics.PRODID
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE", "SUMMARY"):
        assert required in event, required
    assert event["UID"] == "series-12.T123@career-prep"
    assert event["DTSTAMP"].dt == STAMP
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DURATION") == timedelta(minutes=30)
    assert "Prepare in Slack" in event["DESCRIPTION"]


def test_every_tzid_used_has_its_vtimezone() -> None:
    berlin = _series()
    other = ics.timed_event(
        uid="oh-1@career-prep",
        summary="Office hours with Leo",
        start=datetime(2027, 2, 10, 15, 0, tzinfo=UTC),
        length_minutes=20,
        tz="America/New_York",
        stamp=STAMP,
    )
    calendar = icalendar.Calendar.from_ical(ics.document([berlin, other], method=None))
    zones = {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert zones == {"Europe/Berlin", "America/New_York"}
    assert "METHOD" not in calendar
    (_, office_hours) = calendar.walk("VEVENT")
    assert office_hours["DTSTART"].params["TZID"] == "America/New_York"
    assert office_hours["DTSTART"].dt.hour == 10  # 15:00 UTC is 10:00 in New York in February


def test_all_day_event_is_a_date() -> None:
    event = ics.all_day_event(uid="item-3@career-prep", summary="Draft the talk", day=date(2027, 3, 1), stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(ics.document([event], method=None))
    (parsed,) = calendar.walk("VEVENT")
    assert parsed["DTSTART"].dt == date(2027, 3, 1)
    assert parsed["DTEND"].dt == date(2027, 3, 2)
    assert not calendar.walk("VTIMEZONE")


def test_timed_event_needs_an_aware_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        ics.timed_event(uid="x@y", summary="x", start=datetime(2027, 1, 1, 9), length_minutes=5, tz="UTC", stamp=STAMP)


def test_cancel_keeps_the_uid_with_a_higher_sequence_and_status_cancelled() -> None:
    request = icalendar.Calendar.from_ical(ics.document([_series(sequence=1)], method="REQUEST"))
    cancel = icalendar.Calendar.from_ical(ics.document([_series(sequence=2, cancelled=True)], method="CANCEL"))
    assert cancel["METHOD"] == "CANCEL"
    (before,) = request.walk("VEVENT")
    (after,) = cancel.walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after["STATUS"] == "CANCELLED"


def test_monthly_series_keeps_its_local_time_across_dst_when_vobject_expands_it() -> None:
    raw = ics.document([_series()], method="REQUEST")
    calendar = vobject.readOne(raw.decode())
    event = calendar.vevent
    assert event.uid.value == "series-12.T123@career-prep"
    starts = list(event.getrruleset())[:4]
    # 2nd Tuesdays: Feb 9 and Mar 9 (CET, +1), Apr 13 and May 11 (CEST, +2): Berlin switched on Mar 28.
    assert [start.date() for start in starts] == [
        date(2027, 2, 9),
        date(2027, 3, 9),
        date(2027, 4, 13),
        date(2027, 5, 11),
    ]
    assert {(start.hour, start.minute) for start in starts} == {(10, 0)}
    in_utc = [start.astimezone(UTC).hour for start in starts]
    assert in_utc == [9, 9, 8, 8]


def test_vobject_reads_the_cancel() -> None:
    raw = ics.document([_series(sequence=3, cancelled=True)], method="CANCEL")
    calendar = vobject.readOne(raw.decode())
    assert calendar.method.value == "CANCEL"
    assert calendar.vevent.status.value == "CANCELLED"
    assert calendar.vevent.sequence.value == "3"


def test_a_moved_occurrence_keeps_the_uid_and_names_the_one_it_replaces() -> None:
    moved = ics.series_event(
        uid=ics.series_uid("T123", 12),
        sequence=1,
        summary="1:1 with Mira",
        description="",
        tz="Europe/Berlin",
        start_local=datetime(2027, 3, 11, 9, 0),
        length_minutes=45,
        rrule=None,
        stamp=STAMP,
        recurrence_local=datetime(2027, 3, 9, 10, 0),
    )
    raw = ics.document([_series(sequence=1), moved], method="REQUEST")
    calendar = vobject.readOne(raw.decode())
    starts = sorted(calendar.vevent_list[0].getrruleset())[:3]
    assert [s.date() for s in starts] == [date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13)]
    override = calendar.vevent_list[1]
    assert override.uid.value == calendar.vevent_list[0].uid.value
    assert override.recurrence_id.value.replace(tzinfo=None) == datetime(2027, 3, 9, 10, 0)
    assert override.dtstart.value.replace(tzinfo=None) == datetime(2027, 3, 11, 9, 0)
    assert not hasattr(override, "rrule")
