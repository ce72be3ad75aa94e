"""Built-in rule packs, shipped as package data (``yeslint.rules``); YAML only, no code."""
