"""The people most domain tests use: Ana (Berlin) reports to Mira (New York); Leo is in Tokyo."""

from __future__ import annotations

from bot.domain.people import Profile

TEAM = "T0001"
OTHER_TEAM = "T0002"
ANA = Profile("UANA", "Ana Silva", "Europe/Berlin")
MIRA = Profile("UMIRA", "Mira Chen", "America/New_York")
LEO = Profile("ULEO", "Leo Park", "Asia/Tokyo")
