# Sourced (after tests/lib.sh) by the tests of `grantsearch serve`: start a
# server on a loopback port and stop it.
#
# The port: --listen 127.0.0.1:0 lets the kernel pick a free one, which the
# server prints ("listening on http://127.0.0.1:PORT/"); no port is guessed,
# so none can be in use, and nothing needs retrying.
command -v curl >/dev/null 2>&1 || skip "curl is absent (apt-get install curl)"
SRV=
trap '[ -n "$SRV" ] && kill "$SRV" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

# start_server DB [OPTION...]: serve DB; sets SRV (pid), PORT, BASE; the
# server's stderr (the access log) goes to srv.log.
start_server() {
    _db=$1; shift
    : >srv.log
    $GS serve -d "$_db" --listen 127.0.0.1:0 "$@" 2>srv.log &
    SRV=$!
    PORT=
    for _i in $(seq 1 300); do
        PORT=$(sed -n 's|^grantsearch: listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' srv.log)
        [ -n "$PORT" ] && break
        kill -0 "$SRV" 2>/dev/null || fail "the server exited at start: $(cat srv.log)"
        sleep 0.05
    done
    [ -n "$PORT" ] || fail "the server did not say its port: $(cat srv.log)"
    BASE="http://127.0.0.1:$PORT"
}

# stop_server: SIGTERM, wait; returns the server's exit status.
stop_server() {
    kill -TERM "$SRV"
    wait "$SRV"
    _rc=$?
    SRV=
    return $_rc
}

# http METHOD PATH [CURL-ARGS...]: the status code; the body in body.out.
http() {
    _m=$1; _p=$2; shift 2
    curl -s -g --path-as-is -X "$_m" -o body.out -w '%{http_code}' "$@" "$BASE$_p"
}
