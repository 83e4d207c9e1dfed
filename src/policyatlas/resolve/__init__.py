"""Entity resolution: which records speak of the same real thing."""
