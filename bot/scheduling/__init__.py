"""Scheduling: recurrence and working-hours math, the outbox relay and the tick that drives it."""
