"""Pure Block Kit builders, made with slack_sdk.models so Slack's limits are checked."""
