"""Pure parsers: a saved response (or text + URL) in, items or URLs out. No I/O here."""
