"""The digest: a manager's (or the people team's) regular summary of development-conversation coverage.

`slots` says when one is due (pure arithmetic), `subscriptions` where and when each owner wants it,
`planning` queues each slot's digest into the outbox and moves on once it is sent, and `team`,
`coverage` and `counts` say what one digest holds (and what a channel or the workspace may see).
"""
