"""The command line: one module per command group; shared options, errors and output in
common."""
