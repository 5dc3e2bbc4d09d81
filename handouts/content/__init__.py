"""Stage 1-2: content folders to typed, checked models (load, locate errors, cross-file passes)."""
