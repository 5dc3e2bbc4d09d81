"""Stage 5: finished PDFs out into the world: atomic writes, encryption, packets, manifest,
catalog."""
