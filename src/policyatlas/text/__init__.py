"""Text helpers every layer shares: names and titles, languages, markup blocks, paged documents, YAML nodes."""
