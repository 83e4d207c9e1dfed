"""Read-side views: typed, JSON-ready answers built from the store's repositories."""
