"""Reports in every format: templates, tables, office formats, spreadsheet safety."""
