#!/usr/bin/env python3
"""A throwaway authorization server's documents for the load harness (governed.sh): serves the
files under DIR on 127.0.0.1:PORT, every one as application/json (what the resource server's
discovery and JWKS fetches accept), and nothing else. Standard library only.

  issuer.py DIR PORT
"""
import functools
import http.server
import sys


class JsonFiles(http.server.SimpleHTTPRequestHandler):
    def guess_type(self, path):
        return "application/json"

    def log_message(self, fmt, *args):
        pass  # quiet: the gateway fetches the documents a few times only


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(1)
    handler = functools.partial(JsonFiles, directory=argv[0])
    http.server.ThreadingHTTPServer(("127.0.0.1", int(argv[1])), handler).serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
