"""Finding a book: the catalogue search page (Ctrl+F)."""
