"""The Telegram face of the bot: `python -m bot telegram`.

settings  configuration from the environment and `.env`, validated
render    answers as Telegram HTML, under the 4,096-character limit
state     server-side state behind buttons, per-user rate limits, chat languages
stats     counters for the /stats admin command
handlers  Telegram updates translated into calls to the engine, then rendered
app       the Application: handlers registered, logging with the token redacted, polling or webhook

Importing this package imports nothing from python-telegram-bot; `app`,
`handlers` and `render` do.
"""
