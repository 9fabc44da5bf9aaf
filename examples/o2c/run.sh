#!/usr/bin/env bash
# Runs examples/o2c against a real `concord serve` on a fresh SQLite
# database in a temporary directory: creates an admin user and an API token
# with the binary, starts the server on a free port, runs the example with
# the generated client, stops the server. `make test` runs it.
set -euo pipefail
bin="${1:?usage: run.sh path/to/concord}"
dir="$(mktemp -d)"
db="sqlite://$dir/o2c.db"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT

"$bin" user create --db "$db" --email o2c@example.com --name "O2C example" --role admin --password "example password 1" >/dev/null
token="$("$bin" token create --db "$db" --user o2c@example.com | grep -o 'cnd_[A-Za-z0-9_-]*' | head -1)"
"$bin" serve --db "$db" --addr 127.0.0.1:0 >"$dir/serve.log" 2>&1 &
pid=$!
addr=""
for _ in $(seq 1 100); do
	addr="$(grep -o '"msg":"listening"[^}]*"addr":"[^"]*"' "$dir/serve.log" | grep -o '"addr":"[^"]*"' | cut -d'"' -f4 || true)"
	[ -n "$addr" ] && break
	sleep 0.1
done
[ -n "$addr" ] || { echo "o2c: the server did not start:"; cat "$dir/serve.log"; exit 1; }
CONCORD_URL="http://$addr" CONCORD_TOKEN="$token" go run ./examples/o2c
