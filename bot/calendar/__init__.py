"""Pure calendar math on the ground floor: recurrence, local time and working hours (no database, no Slack)."""
