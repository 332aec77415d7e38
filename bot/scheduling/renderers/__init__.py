"""Renderers for each kind of delivery, grouped by the part of the product they belong to."""
