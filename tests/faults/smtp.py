"""A tiny SMTP server for the mail fault test: it refuses (421) or accepts, switchable while running.

Enough of RFC 5321 for Django's SMTP backend: greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT. Accepted messages are kept in `received` (raw text).
"""

from __future__ import annotations

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        server: FakeSMTPServer = self.server.owner  # type: ignore[attr-defined]
        if server.refusing:
            server.refused += 1
            self.reply("421 4.3.2 Service not available, try again later")
            return
        self.reply("220 fake.example.org ESMTP")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake.example.org")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                body = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(data.decode(errors="replace"))
                with server.lock:
                    server.received.append("".join(body))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class FakeSMTPServer:
    def __init__(self):
        self.refusing = False
        self.refused = 0
        self.received: list[str] = []
        self.lock = threading.Lock()
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.owner = self  # type: ignore[attr-defined]
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
