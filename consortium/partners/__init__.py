"""Partner pools: the partner model, reading registries and their formats, the registry
store, CORDIS imports, duplicates, organisation types, practitioners and countries."""
