"""Exit 0 when the PostgreSQL and Redis given on the command line answer, 1 otherwise."""

import socket
import sys
from urllib.parse import urlsplit


def reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=2):
            return True
    except OSError as exc:
        print(f"{parts.scheme}://{parts.hostname}:{parts.port or default_port}: {exc}")
        return False


if __name__ == "__main__":
    database_url, redis_url = sys.argv[1:3]
    ok = reachable(database_url, 5432) & reachable(redis_url, 6379)
    sys.exit(0 if ok else 1)
