"""One module per CLI command; `yeslint.cli` registers them."""
