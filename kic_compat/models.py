"""Extension rows for what the first-generation APIs hold and the new model cannot (spec §3)."""
