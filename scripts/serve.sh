#!/usr/bin/env bash
# Several replicas behind nginx with Redis as the shared store: `make serve REPLICAS=N PORT=P`.
# Uses $DASHBOARD_REDIS_URL instead of starting redis-server when it is set; one cookie secret
# ($DASHBOARD_COOKIE_SECRET, else a random one) for every replica. Ctrl-C or SIGTERM stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
exec "$PY" -m dashboard.replicas --replicas "${1:-2}" --port "${2:-8500}"
