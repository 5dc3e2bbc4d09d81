"""Stage 3-4: a handout to PDF bytes: theme, styles, fonts, pictures, flowables, page 1, tagging."""
