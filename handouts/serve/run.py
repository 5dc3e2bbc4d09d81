"""Starting the app: the options and the content are checked first, then uvicorn listens.

Its own access log is off (ours names method, path, status and time, never a query or a body),
and its start-up chatter is kept to warnings; the one line that matters says where to go.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError
from handouts.serve.config import config_from

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s  %(message)s", "datefmt": "%H:%M:%S"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain",
                            "stream": "ext://sys.stderr"}},
    "loggers": {
        "handouts.serve": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        "uvicorn": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}  # fmt: skip


def serve(content: Path, host: str, port: int) -> None:
    """Run until Ctrl+C. Raises HandoutsError (or ContentErrors, every problem located) before
    listening if the address needs a token that is missing or the content does not load."""
    import uvicorn

    from handouts.serve.app import create_app

    config = config_from(content, host, port)
    app = create_app(config)
    live = app.state.live
    logging.getLogger("handouts.serve").addHandler(logging.NullHandler())  # until uvicorn's
    try:
        live.current()  # every check `handouts check` runs before rendering
    except HandoutsError:
        raise live.failure or HandoutsError("the content did not load") from None
    token = " (sign in with the access token)" if config.token else ""
    print(
        f"Handouts is starting at {config.url}{token}\nOpen that address in your web browser. "
        "Press Ctrl+C here to stop it.",
        file=sys.stderr,
        flush=True,
    )
    try:
        uvicorn.run(
            app, host=host, port=port, log_config=LOGGING, access_log=False,
            server_header=False, proxy_headers=False, timeout_graceful_shutdown=3,
        )  # fmt: skip
    except SystemExit as stop:  # uvicorn's way of saying it could not listen
        if stop.code not in (0, None):
            raise HandoutsError(
                f"could not listen at {config.url}: another program may be using port {port}; "
                "choose another with --port"
            ) from None
    print("Handouts stopped.", file=sys.stderr, flush=True)
