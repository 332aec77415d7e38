"""The rules of the product; no Slack imports. Functions take a session and `now`."""
