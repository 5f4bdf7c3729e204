"""A WebDAV server for Parley's tests: WsgiDAV on cheroot, serving ROOT on 127.0.0.1.

Usage: webdav_server.py ROOT USER PASSWORD

It binds a port the system chooses and prints `PORT <n>` on its first line, so tests never guess a free port.
Basic auth with the one user; it serves until its standard input closes or it is sent SIGTERM.
"""

import sys
import threading

from cheroot import wsgi
from wsgidav.wsgidav_app import WsgiDAVApp


def main() -> None:
    root, user, password = sys.argv[1:4]
    app = WsgiDAVApp(
        {
            "provider_mapping": {"/": root},
            "http_authenticator": {
                "domain_controller": None,
                "accept_basic": True,
                "accept_digest": False,
                "default_to_digest": False,
            },
            "simple_dc": {"user_mapping": {"*": {user: {"password": password}}}},
            "verbose": 0,
            "logging": {"enable": False},
            "lock_storage": True,
        }
    )
    # Port 0: cheroot binds in prepare() and then names the port it got in bind_addr.
    server = wsgi.Server(("127.0.0.1", 0), app, numthreads=8)
    server.prepare()
    print(f"PORT {server.bind_addr[1]}", flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.stop()), daemon=True).start()
    server.serve()


if __name__ == "__main__":
    main()
