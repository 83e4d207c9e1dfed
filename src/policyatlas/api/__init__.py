"""The REST API under /api: JSON for every view the CLI gives, problem details for errors."""
