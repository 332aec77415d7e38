"""Everything that speaks Slack: ids, Block Kit builders, listeners and the error handler."""
