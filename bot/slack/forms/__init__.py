"""One module per modal: how it is built, how its submitted values are read, and which block shows
each domain field's error. Messages that are not forms stay in bot.slack.blocks."""
