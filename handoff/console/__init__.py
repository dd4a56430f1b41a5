"""The staff console at /console: server-rendered pages, live queue over server-sent events."""
