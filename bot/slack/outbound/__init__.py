"""Outbound messages: renderers that turn a queued delivery (an outbox row) into the message to send
now, by delivery kind and notice, grouped by the part of the product they belong to."""
