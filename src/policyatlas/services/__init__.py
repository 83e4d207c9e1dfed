"""Writes: the one service layer the CLI, the API and the portal call to change the atlas (ingest,
uploads, edits, suggestions and their review, entity merges and splits, frameworks and stored
assessments, accounts), each in its own transaction. Interfaces import services, views and schemas,
never ``store``."""
