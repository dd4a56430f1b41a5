"""A tiny HTTP front for the embedded backend, shaped like Rasa's `POST /model/parse`.

Only for the benchmark: it lets us time the embedded classifier over HTTP exactly as we time Rasa, with
keep-alive connections from the same client. Standard library only; binds to 127.0.0.1.

    python bench/nlu/embedded_server.py --model-dir var/nlu --port 5055
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2]))

from nlu.embedded import EmbeddedBackend


def make_handler(backend: EmbeddedBackend) -> type[BaseHTTPRequestHandler]:
    class ParseHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as Rasa's server offers
        # Headers and body go out as two writes; with Nagle on, keep-alive requests stall ~40 ms on the
        # client's delayed ACK.
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            self._send(200, {"status": "ok"})

        def do_POST(self) -> None:
            if self.path != "/model/parse":
                self._send(404, {"error": "not found"})
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                text = json.loads(body)["text"]
            except (ValueError, KeyError, TypeError):
                self._send(400, {"error": "expected {\"text\": ...}"})
                return
            result = backend.parse_sync(text if isinstance(text, str) else "")
            self._send(
                200,
                {
                    "text": result.text,
                    "intent": {"name": result.intent, "confidence": result.confidence},
                    "intent_ranking": [{"name": n, "confidence": c} for n, c in result.ranking],
                    "urgency": result.urgency.value,
                },
            )

        def _send(self, status: int, payload: dict[str, object]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    return ParseHandler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir", type=pathlib.Path, required=True)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    backend = EmbeddedBackend.load(args.model_dir)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(backend))
    print(f"ready on 127.0.0.1:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
