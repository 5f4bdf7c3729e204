"""A fault-injecting TCP proxy for Parley's tests, put between Parley and a real server on 127.0.0.1.

Usage: fault_proxy.py UPSTREAM_PORT [--http]

It binds a port the system chooses on 127.0.0.1 and prints `PORT <n>` on its first line, so tests never guess a
free port, then forwards every connection to 127.0.0.1:UPSTREAM_PORT (each direction half-closed when its sender
finishes). Standard library only.

It takes commands on its standard input, one a line, and answers each with exactly one line on standard output once
it has taken effect: `ok`, `ok <json>` or `error <why>`. Faults are queued in the order given and used up by the
connections (or, for `status`, the requests) in the order they arrive; connections already open keep what they had.

  pass                                   forget every fault not yet used up: forward everything (the default)
  reset-after N [count C]                the next C connections (1 by default) are reset (SO_LINGER 0, so the client
                                         sees ECONNRESET) once N bytes (heads and `100 Continue` included) have gone
                                         from the server to the client; N=0: as soon as the client sends anything,
                                         having passed it nothing
  reset-upload-after N [count C]         the same, counting the bytes passed from the client to the server
  stall SECONDS [after N] [count C]      the next C connections pass N bytes (0 by default) from the server to the
                                         client, then hold the connection silently (reading nothing from either side)
                                         for SECONDS, or until the client hangs up, and close it; with N=0 the
                                         stall starts when the server first sends something
  status CODE [retry-after S] [count C] [match METHOD]
                                         --http only: the next C requests (of METHOD only, if given) are answered by
                                         the proxy itself, `HTTP/1.1 CODE <reason>` with `Retry-After: S` if given,
                                         `Content-Length: 0` and `Connection: close`, without reaching the server;
                                         a request's body is read and dropped first, unless it asked for
                                         `Expect: 100-continue`, which is answered at once; then the connection
                                         closes (after the client has hung up, or 5 s)
  drop                                   reset every connection open now (SO_LINGER 0), as a network outage
                                         breaks them: a client's pooled connections die and it must connect anew
  stats                                  ok {"connections": n, "requests": n, "methods": {"GET": n, ...},
                                         "bytes_up": n, "bytes_down": n, "faults": n}
  reset-stats                            zero those counters

`connections` counts the connections accepted; `requests` and `methods` the request heads read from clients (in
--http mode only, answered by the proxy or not); `bytes_up` the bytes read from clients, `bytes_down` the bytes
written to them; `faults` the faults that struck (resets, stalls and answered requests), all since the start or the
last `reset-stats`. In --http mode the client-to-server stream is followed request by request (heads, bodies by
Content-Length or chunked, keep-alive); a stream it cannot follow is passed on as it is, and the server's answers
always are. It stops, closing everything, and exits 0 when its standard input closes or it is sent SIGTERM.
"""

from __future__ import annotations

import fcntl
import http
import json
import math
import os
import re
import select
import signal
import socket
import struct
import sys
import termios
import threading
import time
import traceback

READ_SIZE = 256 * 1024
BUFFER_LIMIT = 1 << 20  # bytes held for a side that does not read before the other side stops being read
HEAD_LIMIT = 1 << 20  # a longer request head is not followed but passed on as it is
LINE_LIMIT = 64 * 1024  # the same for a chunk-size or trailer line
FLUSH_SECONDS = 2.0  # how long a reset waits for the bytes already passed to reach the client
DRAIN_SECONDS = 5.0  # how long a connection answered by the proxy waits for the client to hang up
CONNECT_SECONDS = 10.0
TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
DIGITS = re.compile(rb"[0-9]+")
REQUEST_LINE = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+ [^ ]+ HTTP/1\.[0-9]\r?")
LINGER_RESET = struct.pack("ii", 1, 0)
UNLIMITED = 1 << 62


class Finished(Exception):
    """Raised inside a connection's loop once it has closed its sockets."""


class Fault:
    """A fault for one connection: kind is "reset" (counting bytes to the client), "reset-upload" or "stall"."""

    def __init__(self, kind: str, limit: int, seconds: float = 0.0) -> None:
        self.kind = kind
        self.limit = limit
        self.seconds = seconds


class Injection:
    """An answer the proxy gives to a request itself."""

    def __init__(self, code: int, retry_after: int | None, method: str | None) -> None:
        self.code = code
        self.retry_after = retry_after
        self.method = method

    def response(self) -> bytes:
        try:
            reason = http.HTTPStatus(self.code).phrase
        except ValueError:
            reason = "Injected"
        head = f"HTTP/1.1 {self.code} {reason}\r\n"
        if self.retry_after is not None:
            head += f"Retry-After: {self.retry_after}\r\n"
        head += "Content-Length: 0\r\nConnection: close\r\n\r\n"
        return head.encode("ascii")


def parse_request_head(head: bytes):
    """(method, content length, chunked, expects 100-continue, switches protocol) or None if it is not HTTP/1."""
    lines = head[:-4].split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or not TOKEN.fullmatch(parts[0]) or not parts[2].startswith(b"HTTP/1."):
        return None
    length, chunked, expect, upgrade, connection_upgrade = 0, False, False, False, False
    for line in lines[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            return None
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            if not DIGITS.fullmatch(value):
                return None
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = value.split(b",")[-1].strip() == b"chunked"
        elif name == b"expect":
            expect = value == b"100-continue"
        elif name == b"upgrade":
            upgrade = True
        elif name == b"connection":
            connection_upgrade = b"upgrade" in [token.strip() for token in value.split(b",")]
    method = parts[0].decode("ascii")
    return method, length, chunked, expect, method == "CONNECT" or (upgrade and connection_upgrade)


class RequestStream:
    """Follows the requests a client sends on one connection, putting the bytes to pass on in `out`.

    It asks its connection at each request head whether to pass the request on (`on_head`), tells it when the
    request's body has ended (`on_end`), and asks again when the stream stops looking like HTTP/1 (`on_raw`).
    """

    def __init__(self, connection: "Connection") -> None:
        self.connection = connection
        self.buffer = bytearray()
        self.state = "head"
        self.remaining = 0
        self.forward = True
        self.after = "head"

    def feed(self, data: bytes, out: bytearray) -> None:
        self.buffer += data
        while self.buffer and not self.connection.injected:
            if self.state == "raw":
                if self.forward:
                    out += self.buffer
                self.buffer.clear()
            elif self.state == "head":
                if not self.head(out):
                    return
            elif self.state in ("length", "data"):
                take = min(self.remaining, len(self.buffer))
                self.emit(take, out)
                self.remaining -= take
                if not self.remaining:
                    if self.state == "length":
                        self.end()
                    else:
                        self.state = "size"
            else:  # "size" or "trailer": one line
                end = self.buffer.find(b"\n")
                if end < 0:
                    if len(self.buffer) > LINE_LIMIT:
                        self.raw()
                        continue
                    return
                line = bytes(self.buffer[:end]).rstrip(b"\r")
                if self.state == "size":
                    try:
                        size = int(line.split(b";", 1)[0].strip(), 16)
                    except ValueError:
                        size = -1
                    if size < 0:
                        self.raw()
                        continue
                    self.emit(end + 1, out)
                    if size:
                        self.state, self.remaining = "data", size + 2  # the data and its CRLF
                    else:
                        self.state = "trailer"
                else:
                    self.emit(end + 1, out)
                    if not line:
                        self.end()

    def count_only(self, data: bytes) -> None:
        """Counts the request whose head starts `data`, if it is whole there, and goes no further."""
        if self.state != "head":
            return
        buffer = (bytes(self.buffer) + data).lstrip(b"\r\n")
        end = buffer.find(b"\r\n\r\n")
        parsed = parse_request_head(buffer[: end + 4]) if end >= 0 else None
        if parsed is not None:
            self.connection.proxy.count_request(parsed[0])

    def head(self, out: bytearray) -> bool:
        blank = len(self.buffer) - len(self.buffer.lstrip(b"\r\n"))  # empty lines before a request line
        if blank:
            del self.buffer[:blank]
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            line_end = self.buffer.find(b"\n")
            if len(self.buffer) > HEAD_LIMIT or (
                line_end >= 0 and not REQUEST_LINE.fullmatch(self.buffer, 0, line_end)
            ):
                self.raw()  # too long, or not a request line: another protocol, say
                return True
            return False
        parsed = parse_request_head(bytes(self.buffer[: end + 4]))
        if parsed is None:
            self.raw()
            return True
        method, length, chunked, expect, switch = parsed
        self.forward = self.connection.on_head(method, chunked or length > 0, expect)
        if self.connection.injected:
            return False
        self.emit(end + 4, out)
        self.after = "raw" if switch else "head"
        if chunked:
            self.state = "size"
        elif length:
            self.state, self.remaining = "length", length
        else:
            self.end()
        return True

    def finish(self, out: bytearray) -> None:
        """The client has finished sending: a head left incomplete is passed on as it is."""
        if self.buffer and self.state == "head" and not self.connection.injected:
            self.raw()
            self.feed(b"", out)

    def emit(self, count: int, out: bytearray) -> None:
        if self.forward:
            out += self.buffer[:count]
        del self.buffer[:count]

    def end(self) -> None:
        self.connection.on_end()
        self.state = self.after
        self.forward = True

    def raw(self) -> None:
        self.state = "raw"
        self.forward = self.connection.on_raw()


class Connection:
    """One client's connection and its upstream one, served by one thread with poll over non-blocking sockets."""

    def __init__(self, proxy: "Proxy", client: socket.socket, fault: Fault | None) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream: socket.socket | None = None
        self.fault = fault
        self.to_up = bytearray()
        self.to_down = bytearray()
        self.client_eof = False  # the client has finished sending
        self.upstream_eof = False
        self.client_shut = False  # we have finished sending to the client
        self.upstream_shut = False
        self.upstream_failed = False
        self.sent_up = 0
        self.sent_down = 0
        self.stall_until: float | None = None
        self.injected = False  # answered by the proxy: flush, then wait for the client to hang up
        self.drain_until = 0.0
        self.pending: Injection | None = None  # to answer once the request's body has been read
        self.stream = RequestStream(self) if proxy.http else None

    # The loop.

    def run(self) -> None:
        try:
            if self.stream is None:
                self.connect()
            self.loop()
        except Finished:
            pass
        except Exception:  # a bug: say so, and never leave the client hanging
            traceback.print_exc(file=sys.stderr)
        finally:
            self.close_all()
            self.proxy.forget(self)

    def loop(self) -> None:
        while True:
            if self.stall_until is not None:
                self.hold()
            self.settle()
            poller = select.poll()
            registered = 0
            client_mask = 0
            if not self.client_eof and (self.injected or len(self.to_up) < BUFFER_LIMIT):
                client_mask |= select.POLLIN
            if self.to_down and self.down_room() > 0:
                client_mask |= select.POLLOUT
            if client_mask or not self.client_eof:
                poller.register(self.client, client_mask)
                registered += 1
            upstream = self.upstream
            if upstream is not None and not self.injected:
                upstream_mask = 0
                if not self.upstream_eof and len(self.to_down) < BUFFER_LIMIT:
                    upstream_mask |= select.POLLIN
                if self.to_up and self.up_room() > 0:
                    upstream_mask |= select.POLLOUT
                if upstream_mask or not self.upstream_eof:
                    poller.register(upstream, upstream_mask)
                    registered += 1
            timeout = None
            if self.injected:
                timeout = max(0, int((self.drain_until - time.monotonic()) * 1000) + 1)
            if not registered and timeout is None:
                self.finish()  # nothing can happen any more
            for fd, events in poller.poll(timeout):
                if self.stall_until is not None:
                    break  # a stall struck: the rest waits for hold()
                if fd == self.client.fileno():
                    if events & select.POLLOUT:
                        self.write_client()
                    if events & ~select.POLLOUT:
                        self.read_client()
                elif upstream is not None and upstream is self.upstream and fd == upstream.fileno():
                    if events & select.POLLOUT:
                        self.write_upstream()
                    if events & ~select.POLLOUT and self.upstream is upstream:
                        self.read_upstream()
            if self.injected and time.monotonic() >= self.drain_until:
                self.finish()

    def settle(self) -> None:
        """Half-closes each side whose sender has finished, and ends the connection when both have."""
        if self.upstream_failed:
            if not self.to_down or self.down_room() == 0:
                self.reset(flush=True)  # the server broke the connection: so do we
            return
        if self.injected:
            if not self.to_down and not self.client_shut:
                self.shut(self.client)
                self.client_shut = True
            if self.client_shut and self.client_eof:
                self.finish()
            return
        if self.client_eof and self.upstream is not None and not self.to_up and not self.upstream_shut:
            self.shut(self.upstream)
            self.upstream_shut = True
        upstream_done = self.upstream_eof if self.upstream is not None else self.client_eof
        if upstream_done and not self.client_shut and (not self.to_down or self.down_room() == 0):
            self.shut(self.client)
            self.client_shut = True
        if self.client_shut and self.client_eof and (self.upstream is None or self.upstream_shut):
            self.finish()

    def down_room(self) -> int:
        fault = self.fault
        if fault is not None and fault.kind in ("reset", "stall"):
            return max(0, fault.limit - self.sent_down)
        return UNLIMITED

    def up_room(self) -> int:
        fault = self.fault
        if fault is not None and fault.kind == "reset-upload":
            return max(0, fault.limit - self.sent_up)
        return UNLIMITED

    # Reading and writing.

    def read_client(self) -> None:
        try:
            data = self.client.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.abort()
        if not data:
            self.client_eof = True
            if self.pending is not None:
                self.answer(self.pending)
            elif self.stream is not None and not self.injected and not self.upstream_failed:
                self.stream.finish(self.to_up)
            return
        self.proxy.count("bytes_up", len(data))
        if self.injected or self.upstream_failed:
            return  # read and dropped
        fault = self.fault
        if fault is not None and fault.kind in ("reset", "reset-upload") and fault.limit == 0:
            if self.stream is not None:
                self.stream.count_only(data)  # the request still counts, though it goes nowhere
            self.strike_reset(flush=False)
        if self.stream is None:
            self.to_up += data
        else:
            self.stream.feed(data, self.to_up)

    def write_client(self) -> None:
        room = min(self.down_room(), len(self.to_down))
        try:
            sent = self.client.send(memoryview(self.to_down)[:room])
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.abort()
        del self.to_down[:sent]
        self.sent_down += sent
        self.proxy.count("bytes_down", sent)
        fault = self.fault
        if fault is not None and fault.limit > 0 and self.sent_down >= fault.limit:
            if fault.kind == "reset":
                self.strike_reset(flush=True)
            elif fault.kind == "stall":
                self.strike_stall()

    def read_upstream(self) -> None:
        assert self.upstream is not None
        try:
            data = self.upstream.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.fail_upstream()
            return
        if not data:
            self.upstream_eof = True
            return
        self.to_down += data
        fault = self.fault
        if fault is not None and fault.kind == "stall" and fault.limit == 0:
            self.strike_stall()

    def write_upstream(self) -> None:
        assert self.upstream is not None
        room = min(self.up_room(), len(self.to_up))
        try:
            sent = self.upstream.send(memoryview(self.to_up)[:room])
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            self.fail_upstream()
            return
        del self.to_up[:sent]
        self.sent_up += sent
        fault = self.fault
        if fault is not None and fault.kind == "reset-upload" and fault.limit > 0 and self.sent_up >= fault.limit:
            self.strike_reset(flush=False)

    # The upstream connection.

    def connect(self) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.proxy.upstream_port), timeout=CONNECT_SECONDS)
        except OSError:
            self.reset(flush=False)  # nobody there: the client is refused as abruptly as we can
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        upstream.setblocking(False)
        self.upstream = upstream

    def fail_upstream(self) -> None:
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None
        self.upstream_failed = True
        self.upstream_eof = True
        self.to_up.clear()

    # What RequestStream asks.

    def on_head(self, method: str, has_body: bool, expect: bool) -> bool:
        injection = self.proxy.take_request(method)
        if injection is None:
            if self.upstream is None and not self.upstream_failed:
                self.connect()
            return True
        if has_body and not expect:
            self.pending = injection
        else:
            self.answer(injection)
        return False

    def on_end(self) -> None:
        if self.pending is not None:
            self.answer(self.pending)

    def on_raw(self) -> bool:
        if self.pending is not None:
            self.answer(self.pending)
            return False
        if self.upstream is None and not self.upstream_failed:
            self.connect()
        return True

    # Faults.

    def answer(self, injection: Injection) -> None:
        self.proxy.count("faults", 1)
        self.pending = None
        self.injected = True
        self.fault = None
        self.to_down += injection.response()
        self.to_up.clear()
        self.drain_until = time.monotonic() + DRAIN_SECONDS
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None

    def strike_reset(self, flush: bool) -> None:
        self.proxy.count("faults", 1)
        self.reset(flush)

    def strike_stall(self) -> None:
        self.proxy.count("faults", 1)
        assert self.fault is not None
        self.stall_until = time.monotonic() + self.fault.seconds

    def hold(self) -> None:
        """Holds a stalled connection silently until its time is up or the client hangs up, then closes it."""
        assert self.stall_until is not None
        while True:
            remaining = self.stall_until - time.monotonic()
            if remaining <= 0:
                break
            poller = select.poll()
            # A client that had already finished sending is still held; a hang-up (or reset) ends the stall.
            poller.register(self.client, 0 if self.client_eof else select.POLLRDHUP)
            if poller.poll(int(remaining * 1000) + 1):
                break
        self.client.setblocking(False)
        try:  # drop what the client sent meanwhile, so that closing sends FIN rather than RST
            for _ in range(1024):
                if not self.client.recv(READ_SIZE):
                    break
        except OSError:
            pass
        self.shut(self.client)
        self.finish()

    def reset(self, flush: bool) -> None:
        """Resets the client's connection (it sees ECONNRESET) once what was passed to it has arrived, if flush."""
        if flush:
            deadline = time.monotonic() + FLUSH_SECONDS
            while time.monotonic() < deadline:
                try:
                    unsent = struct.unpack("i", fcntl.ioctl(self.client, termios.TIOCOUTQ, b"\0\0\0\0"))[0]
                except OSError:
                    break
                if unsent <= 0:
                    break
                time.sleep(0.002)
        try:
            self.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        except OSError:
            pass
        self.close_all()
        raise Finished

    def abort(self) -> None:
        """The client's connection broke: break the server's too."""
        if self.upstream is not None:
            try:
                self.upstream.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
            except OSError:
                pass
        self.close_all()
        raise Finished

    def finish(self) -> None:
        self.close_all()
        raise Finished

    def shut(self, sock: socket.socket) -> None:
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def close_all(self) -> None:
        for sock in (self.client, self.upstream):
            if sock is not None:
                try:
                    sock.close()
                except OSError:
                    pass

    def drop(self) -> None:
        """Called from another thread: resets the connection now, as a network outage would break it."""
        try:
            self.client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, LINGER_RESET)
        except OSError:
            pass
        self.kill()

    def kill(self) -> None:
        """Called from another thread when the proxy stops: shuts both connections down, which wakes the poll."""
        for sock in (self.client, self.upstream):
            if sock is not None:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


class Proxy:
    def __init__(self, upstream_port: int, http_mode: bool) -> None:
        self.upstream_port = upstream_port
        self.http = http_mode
        self.lock = threading.Lock()
        self.faults: list[list] = []  # [Fault, connections left]
        self.injections: list[list] = []  # [Injection, requests left]
        self.connections: set[Connection] = set()
        self.stopping = False
        self.stats = self.zero()

    @staticmethod
    def zero() -> dict:
        return {"connections": 0, "requests": 0, "methods": {}, "bytes_up": 0, "bytes_down": 0, "faults": 0}

    def count(self, key: str, amount: int) -> None:
        with self.lock:
            self.stats[key] += amount

    def count_request(self, method: str) -> None:
        with self.lock:
            self.stats["requests"] += 1
            methods = self.stats["methods"]
            methods[method] = methods.get(method, 0) + 1

    def take_request(self, method: str) -> Injection | None:
        self.count_request(method)
        with self.lock:
            for entry in self.injections:
                injection = entry[0]
                if injection.method is None or injection.method == method:
                    entry[1] -= 1
                    if not entry[1]:
                        self.injections.remove(entry)
                    return injection
        return None

    def forget(self, connection: Connection) -> None:
        with self.lock:
            self.connections.discard(connection)

    def accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                if self.stopping:
                    return
                time.sleep(0.05)  # out of descriptors, say: try again
                continue
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            client.setblocking(False)
            with self.lock:
                self.stats["connections"] += 1
                fault = None
                if self.faults:
                    fault = self.faults[0][0]
                    self.faults[0][1] -= 1
                    if not self.faults[0][1]:
                        self.faults.pop(0)
                connection = Connection(self, client, fault)
                self.connections.add(connection)
            try:
                threading.Thread(target=connection.run, daemon=True).start()
            except RuntimeError:
                self.forget(connection)
                client.close()

    def stop(self, listener: socket.socket) -> None:
        with self.lock:
            self.stopping = True
            connections = list(self.connections)
        try:
            listener.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        listener.close()
        for connection in connections:
            connection.kill()

    # Commands.

    def command(self, line: str) -> str:
        words = line.split()
        if not words:
            return "error empty command"
        name, args = words[0], words[1:]
        try:
            if name == "pass":
                options(args, 0, ())
                with self.lock:
                    self.faults.clear()
                    self.injections.clear()
            elif name in ("reset-after", "reset-upload-after"):
                (limit,), given = options(args, 1, ("count",))
                fault = Fault("reset" if name == "reset-after" else "reset-upload", integer(limit, "N"))
                self.queue_fault(fault, integer(given.get("count", "1"), "count", 1))
            elif name == "stall":
                (seconds,), given = options(args, 1, ("after", "count"))
                try:
                    duration = float(seconds)
                except ValueError:
                    duration = -1.0
                if not (math.isfinite(duration) and duration >= 0):
                    raise ValueError(f"SECONDS must be a number of seconds, not {seconds!r}")
                fault = Fault("stall", integer(given.get("after", "0"), "after"), duration)
                self.queue_fault(fault, integer(given.get("count", "1"), "count", 1))
            elif name == "status":
                if not self.http:
                    raise ValueError("status needs --http")
                (code,), given = options(args, 1, ("retry-after", "count", "match"))
                status = integer(code, "CODE", 200)
                if status > 599:
                    raise ValueError(f"CODE must be 200 to 599, not {code!r}")
                retry_after = integer(given["retry-after"], "retry-after") if "retry-after" in given else None
                method = given.get("match")
                if method is not None and not TOKEN.fullmatch(method.encode("ascii", "replace")):
                    raise ValueError(f"not a method: {method!r}")
                count = integer(given.get("count", "1"), "count", 1)
                with self.lock:
                    self.injections.append([Injection(status, retry_after, method and method.upper()), count])
            elif name == "drop":
                options(args, 0, ())
                with self.lock:
                    connections = list(self.connections)
                for connection in connections:
                    connection.drop()
            elif name == "stats":
                options(args, 0, ())
                with self.lock:
                    return "ok " + json.dumps(self.stats)
            elif name == "reset-stats":
                options(args, 0, ())
                with self.lock:
                    self.stats = self.zero()
            else:
                raise ValueError(f"unknown command {name!r}")
        except ValueError as error:
            return "error " + " ".join(str(error).split())
        return "ok"

    def queue_fault(self, fault: Fault, count: int) -> None:
        with self.lock:
            self.faults.append([fault, count])


def options(args: list[str], positional: int, names: tuple) -> tuple[list[str], dict[str, str]]:
    """Splits `args` into its `positional` leading values and the `name value` pairs after them."""
    if len(args) < positional:
        raise ValueError(f"expected {positional} argument(s), got {len(args)}")
    values, rest = args[:positional], args[positional:]
    given: dict[str, str] = {}
    for index in range(0, len(rest), 2):
        key = rest[index]
        if key not in names or key in given:
            raise ValueError(f"unexpected {key!r}" + (f" (options: {', '.join(names)})" if names else ""))
        if index + 1 >= len(rest):
            raise ValueError(f"{key} needs a value")
        given[key] = rest[index + 1]
    return values, given


def integer(text: str, what: str, minimum: int = 0) -> int:
    if not DIGITS.fullmatch(text.encode("ascii", "replace")) or int(text) < minimum:
        raise ValueError(f"{what} must be an integer of at least {minimum}, not {text!r}")
    return int(text)


def main() -> None:
    args = [arg for arg in sys.argv[1:] if arg != "--http"]
    if len(args) != 1 or not args[0].isdigit() or not 0 < int(args[0]) < 65536:
        sys.exit("usage: fault_proxy.py UPSTREAM_PORT [--http]")
    proxy = Proxy(int(args[0]), "--http" in sys.argv[1:])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)

    def terminate(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, terminate)
    try:
        print(f"PORT {listener.getsockname()[1]}", flush=True)
        threading.Thread(target=proxy.accept, args=(listener,), daemon=True).start()
        while True:
            line = sys.stdin.buffer.readline()
            if not line:
                break
            answer = proxy.command(line.decode("utf-8", "replace"))
            sys.stdout.write(answer + "\n")
            sys.stdout.flush()
    except (SystemExit, KeyboardInterrupt, OSError):
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        proxy.stop(listener)
        try:
            sys.stdout.flush()
        except OSError:
            pass
        os._exit(0)  # the connections' threads are daemons; nothing else is left to wait for


if __name__ == "__main__":
    main()
