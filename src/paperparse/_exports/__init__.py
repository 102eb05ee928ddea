"""paperparse's own outputs read back: its JSON, JSON Lines and CSV exports as listings."""
