"""`handouts serve` warm: what the front desk waits for. Called by bench.py; runnable alone:

    .venv/bin/python bench/serve.py

Starts the real server on a free local port, warms it, then measures over HTTP on this
machine: a personalised 2-page handout (the aftercare sheet) from request to last byte, median
of 100 in a row; 20 requests at once for 20 different patients, each PDF checked for its own
name and no other; the server's resident memory over 1,000 personalised requests.
"""

from __future__ import annotations

import http.client
import io
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = str(Path(sys.executable).parent / "handouts")


def _port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _personal(connection: http.client.HTTPConnection, port: int, name: str) -> bytes:
    body = urlencode({"handouts": "aftercare", "patient": name, "note": f"Note for {name}",
                      "action": "download"})  # fmt: skip
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "Origin": f"http://127.0.0.1:{port}"}  # fmt: skip
    connection.request("POST", "/copy", body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"POST /copy answered {response.status}: {data[:200]!r}")
    return data


def measure(row: Callable[..., None], memory_requests: int = 1000) -> None:
    from pypdf import PdfReader

    port = _port()
    server = subprocess.Popen(
        [SCRIPT, "serve", "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, env={k: v for k, v in os.environ.items()
                                        if not k.startswith("HANDOUTS_")},
    )  # fmt: skip
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        deadline = time.monotonic() + 60
        while True:
            try:
                connection.request("GET", "/")  # the catalog: every card's PDF made once
                connection.getresponse().read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                connection.close()
                time.sleep(0.1)
        first = PdfReader(io.BytesIO(_personal(connection, port, "A Patient")))
        pages = len(first.pages)
        for n in range(20):
            _personal(connection, port, f"Warm Patient {n}")
        times = []
        for n in range(100):
            start = time.perf_counter()
            _personal(connection, port, f"Patient Number {n:03d}")
            times.append(time.perf_counter() - start)
        row(
            f"serve: personalised {pages}-page handout, request to last byte (100 in a row)",
            f"median {statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f}, "
            f"90th {sorted(times)[89] * 1000:.1f}",
            "<= 50 ms median",
        )

        names = [f"Concurrent Patient {n:02d}" for n in range(20)]

        def one(name: str) -> tuple[str, bytes, float]:
            own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            start = time.perf_counter()
            data = _personal(own, port, name)
            own.close()
            return name, data, time.perf_counter() - start

        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=20) as pool:
            results = list(pool.map(one, names))
        wall = time.perf_counter() - start
        wrong = 0
        for name, data, _ in results:
            text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
            if name not in text or any(other in text for other in names if other != name):
                wrong += 1
        slowest = max(took for _, _, took in results)
        row(
            "serve: 20 patients at once (engine lock)",
            f"{20 - wrong}/20 correct, no cross-talk: {wrong == 0}; all done in "
            f"{wall * 1000:.0f} ms (slowest {slowest * 1000:.0f} ms)",
            "20/20",
        )

        before = _rss_mb(server.pid)
        samples = [before]
        for n in range(memory_requests):
            _personal(connection, port, f"Memory Patient {n:04d}")
            if n % 100 == 99:
                samples.append(_rss_mb(server.pid))
        row(
            f"serve: resident memory over {memory_requests:,} personalised requests",
            f"{before:.0f} MB before, {samples[-1]:.0f} MB after, peak {max(samples):.0f} MB "
            f"(every 100: {', '.join(f'{s:.0f}' for s in samples)})",
            "< 200 MB, flat",
        )
        connection.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    measure(lambda measure, result, target="": print(f"{measure}: {result}  [{target}]"))
