"""`handouts serve`: the front desk's local web app and JSON API, on FastAPI and uvicorn.

The catalog with search and filters, a handout's pages, personal copies, packets, locked PDFs
and email (a draft or through the clinic's relay), rendered in memory through the public API.
docs/serve.md tells how to run it and what it promises about patient data.

    from handouts.serve import serve
    serve(Path("content"), "127.0.0.1", 8000)          # what `handouts serve` runs
"""

from __future__ import annotations

from pathlib import Path


def serve(content: Path, host: str, port: int) -> None:
    from handouts.serve.run import serve as run

    run(content, host, port)


__all__ = ["serve"]
