"""Scheduling: the tick that plans and delivers, the outbox relay that sends, and the in-process driver."""
