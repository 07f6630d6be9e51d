#!/usr/bin/env bash
# The front door, as a new user walks through it: `./keel dev --demo` (building the jar when needed) on free
# loopback ports and a new data directory, until the demo prints its served model version; then the printed curl
# with the printed serving token must answer a prediction. Prints the seconds from the start to the first served
# prediction, stops Keel by its PID and exits non-zero on any failure.
#
#   ops/smoke/dev-demo.sh [--timeout SECONDS] [--data-dir DIR]
#
# With --data-dir of an earlier run it also shows that a second demo on the same data directory works.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
timeout=600
data_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --timeout) timeout="$2"; shift 2 ;;
    --data-dir) data_dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "dev-demo.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Free ports below Linux's ephemeral range (32768-60999), where the embedded PostgreSQL and every client socket
# take theirs: a port found free there is not taken by one of them before keel dev binds it.
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
count = int(sys.argv[1])
while True:
    base = random.randrange(20000, 32000 - count)
    try:
        sockets = []
        for p in range(base, base + count):
            s = socket.socket(); s.bind(("127.0.0.1", p)); sockets.append(s)
        print(" ".join(str(p) for p in range(base, base + count)))
        break
    except OSError:
        pass
    finally:
        for s in sockets:
            s.close()
PY
}
# the API port, the admin port after it, and the Temporal port after that
read -r port _admin temporal_port <<<"$(free_ports 3)"
work="$(mktemp -d)"
[ -n "$data_dir" ] || data_dir="$work/data"
log="$work/keel-dev.log"

started=$(date +%s.%N)
"$here/keel" dev --demo --port "$port" --temporal-port "$temporal_port" --data-dir "$data_dir" >"$log" 2>&1 &
pid=$!
stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}
trap stop EXIT
fail() {
  echo "dev-demo smoke FAILED: $1" >&2
  echo "--- last lines of $log ---" >&2
  tail -40 "$log" >&2
  exit 1
}

echo "dev-demo: ./keel dev --demo on 127.0.0.1:$port, log in $log"
deadline=$(( $(date +%s) + timeout ))
# the demo's last line is the prediction curl's body: everything it prints is there once that is
until grep -q "^    -d '{\"instances\"" "$log"; do
  kill -0 "$pid" 2>/dev/null || fail "keel dev exited before the demo served a model"
  grep -q "demo failed" "$log" && fail "the demo failed"
  [ "$(date +%s)" -lt "$deadline" ] || fail "no served model version within ${timeout}s"
  sleep 1
done
grep "^  served: " "$log" || fail "the demo printed no served model version"

token=$(sed -n 's/^Predict with the model.s serving token (shown once): //p' "$log" | tail -1)
[ -n "$token" ] || fail "the demo printed no serving token"
# the printed curl, run as printed (its three lines joined)
call=$(grep -A2 "^  curl -s -XPOST http://127.0.0.1:$port/v1/models/" "$log" | tail -3 | sed 's/ \\$//' | tr '\n' ' ')
[ -n "$call" ] || fail "the demo printed no prediction curl"
answer=$(bash -c "$call")
ended=$(date +%s.%N)
echo "prediction: $answer"
python3 - "$answer" <<'EOF' || fail "the prediction answer is not a served prediction"
import json, sys
body = json.loads(sys.argv[1])
p = body["predictions"][0]
assert body["modelVersion"] >= 1, body
assert p.get("label") in ("yes", "no"), p
assert abs(sum(p["probabilities"].values()) - 1) < 1e-6, p
EOF
printf 'dev-demo smoke OK: %.1f s from ./keel dev --demo to the first served prediction\n' \
  "$(python3 -c "print($ended - $started)")"
