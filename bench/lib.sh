# shellcheck shell=bash disable=SC2034  # globals set here are read by the scripts that source it
# lib.sh - start-up machinery shared by the hoopgw benchmarks (sourced, never run).
#
# Gives a script a throwaway world on 127.0.0.1 and takes it down again:
#   PostgreSQL   system binaries, fresh cluster in a temp dir, scram-sha-256, role and database "bench"
#   PgBouncer    session pooling in front of that PostgreSQL (installed with apt-get when missing)
#   gateway      hoopgw from its jar with a generated config and dev token, or any GATEWAY_CMD
# plus /proc accounting (process CPU, machine load) and a target table the scripts loop over.
#
# Every server runs as an unprivileged user (BENCH_RUN_USER, default nobody, when we are root) in a
# session of its own, so a Ctrl-C reaches only the client in the foreground and the EXIT trap stops
# the servers in order, by the PIDs recorded when they were started. Every wait is bounded.
#
# A script sets its options, sources this file, then calls: bench_setup, pg_start, and for each
# target it wants pgbouncer_start / gateway_start; the targets are then in TARGET_* arrays.

# ------------------------------------------------------------------------------------------ basics
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_DIR/.." && pwd)
HZ=$(getconf CLK_TCK)
NCPU=$(nproc)

log() { printf '[%s +%4ds] %s\n' "$(date +%T)" "$SECONDS" "$*" >&2; }
die() { log "FATAL: $*"; exit 1; }

# Random hex secret for passwords that exist only for this run.
new_secret() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }

# Options every benchmark accepts; the scripts set them from their command line before sourcing.
: "${SSLMODE:=disable}" "${KEEP:=0}" "${TARGETS:=direct pgbouncer gateway}"
# The most clients a run opens at once. PgBouncer's pool is sized from it, and PostgreSQL's max_connections
# from twice it: PgBouncer keeps its server connections open while the other targets run.
: "${MAX_CLIENTS:=64}"

# The client never inherits connection settings from the caller's environment: every connection
# names its host, port, user and database, and the password comes from the target table.
unset PGPASSWORD PGPASSFILE PGSERVICE PGSERVICEFILE PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGOPTIONS
export PGCONNECT_TIMEOUT=10 PGAPPNAME=hoopgw-bench

# ----------------------------------------------------------------------------- process control
# Servers to stop at exit, in start order: "pid signal grace_seconds name".
STOP_LIST=()
BENCH_TMP=""
RUNNER=()
BUILD_PID=""

# True while the process exists and is not a zombie (a zombie has already exited).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# Sends a signal to the process group a server leads (it was started with setsid, so the group
# holds only it and its children), falling back to the PID alone while that process still runs.
signal_server() {
  kill -s "$2" -- "-$1" 2>/dev/null || { alive "$1" && kill -s "$2" "$1" 2>/dev/null; } || true
}

# stop_server PID SIGNAL GRACE NAME: polite signal, bounded wait, then SIGKILL for the whole group.
stop_server() {
  local pid=$1 sig=$2 grace=$3 name=$4 i
  alive "$pid" || return 0
  signal_server "$pid" "$sig"
  for ((i = 0; i < grace * 5; i++)); do
    alive "$pid" || break
    sleep 0.2
  done
  if alive "$pid"; then
    log "$name (pid $pid) still running after ${grace}s; sending SIGKILL"
  fi
  # Also ends children a wrapper command may have left in the group after its leader exited.
  kill -s KILL -- "-$pid" 2>/dev/null || true
  log "stopped $name (pid $pid)"
}

bench_cleanup() {
  local rc=$? i entry
  trap '' INT TERM HUP
  [[ -z $BUILD_PID ]] || stop_server "$BUILD_PID" TERM 10 "gateway build"
  for ((i = ${#STOP_LIST[@]} - 1; i >= 0; i--)); do
    entry=${STOP_LIST[i]}
    # shellcheck disable=SC2086 # the entry is four space-separated words by construction
    stop_server $entry
  done
  if [[ -n $BENCH_TMP && -d $BENCH_TMP ]]; then
    if [[ $KEEP == 1 ]]; then
      log "kept $BENCH_TMP (logs, configs, data)${AUDIT_ROOT_OUTSIDE:+ and $AUDIT_ROOT}"
    else
      rm -rf -- "$BENCH_TMP"
      [[ -z ${AUDIT_ROOT_OUTSIDE:-} ]] || rm -rf -- "$AUDIT_ROOT"
    fi
  fi
  exit "$rc"
}

# Runs a command as the unprivileged server user with HOME in the temp dir.
as_runner() { "${RUNNER[@]}" env HOME="$BENCH_TMP" "$@"; }

# start_server NAME LOGFILE STOP_SIGNAL GRACE CMD...: starts CMD in a new session as the server user,
# registers it for the exit trap and sets STARTED_PID. setsid, setpriv and env all exec, so $! is
# the server itself.
start_server() {
  local name=$1 logfile=$2 sig=$3 grace=$4
  shift 4
  setsid "${RUNNER[@]}" env HOME="$BENCH_TMP" "$@" >"$logfile" 2>&1 </dev/null &
  STARTED_PID=$!
  STOP_LIST+=("$STARTED_PID $sig $grace $name")
  log "started $name (pid $STARTED_PID, log $logfile)"
}

# ------------------------------------------------------------------------------------------ ports
# Listening TCP ports from /proc (state 0A = LISTEN), as upper-case hex, so no ss/netstat is needed.
port_listening() {
  local hex
  hex=$(printf '%04X' "$1")
  { cat /proc/net/tcp /proc/net/tcp6 2>/dev/null || true; } |
    awk -v h=":$hex" '$4 == "0A" && substr($2, length($2) - 4) == h { found = 1 } END { exit !found }'
}

# pick_port VAR: stores an unused port in VAR, never one handed out earlier in this run. Ports come
# from 20000-31999, below Linux's default ephemeral range, so no outgoing connection holds them.
PICKED_PORTS=" "
pick_port() {
  local port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 12000))
    if [[ $PICKED_PORTS != *" $port "* ]] && ! port_listening "$port"; then
      PICKED_PORTS+="$port "
      printf -v "$1" '%s' "$port"
      return 0
    fi
  done
  die "no free TCP port found"
}

# wait_listening PORT SECONDS PID NAME: until PORT listens; fails early when PID has exited.
wait_listening() {
  local port=$1 secs=$2 pid=$3 name=$4 i
  for ((i = 0; i < secs * 5; i++)); do
    port_listening "$port" && return 0
    alive "$pid" || die "$name exited before listening on $port (see its log)"
    sleep 0.2
  done
  die "$name not listening on 127.0.0.1:$port after ${secs}s"
}

# PID of the process listening on PORT (needs ss; empty when unknown).
listener_pid() {
  command -v ss >/dev/null || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2
}

# ------------------------------------------------------------------------------------- accounting
# utime+stime of one process in clock ticks (all threads of it; 0 when gone).
proc_ticks() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  stat=${stat##*) }
  awk '{ print $12 + $13 }' <<<"$stat"
}

# CPU of the whole PostgreSQL server in ticks: the postmaster with the time of its reaped children
# (backends that have exited) plus every live child, found by parent PID in /proc.
# A backend reaped while /proc is being scanned would be counted twice or not at all, so the
# postmaster's reaped-children time is read before and after the scan and the scan is repeated
# until the two agree.
pg_ticks() {
  local i result
  for ((i = 0; i < 50; i++)); do
    result=$({ cat "/proc/$PG_PID/stat" /proc/[0-9]*/stat "/proc/$PG_PID/stat" 2>/dev/null || true; } |
      awk -v pm="$PG_PID" '
        { pid = $1; sub(/^.*\) /, "") }
        pid == pm { reaped = $14 + $15; if (NR == 1) first = reaped; else if (!seen++) t += $12 + $13 + reaped }
        $2 == pm  { t += $12 + $13 + $14 + $15 }
        END { if (first == reaped) print t + 0 }')
    [[ -z $result ]] || { echo "$result"; return 0; }
    sleep 0.02
  done
  die "PostgreSQL CPU could not be read consistently from /proc"
}

# "epoch_seconds idle_ticks steal_ticks" for the whole machine. Busy time is derived from idle and
# iowait, which the kernel accounts precisely, rather than from tick-sampled busy fields.
machine_snapshot() {
  awk -v t="$EPOCHREALTIME" '/^cpu / { print t, $5 + $6, $9; exit }' /proc/stat
}

# busy_cores "snapshot" "snapshot": cores used by anything (of NCPU) between two snapshots.
busy_cores() {
  awk -v a="$1" -v b="$2" -v hz="$HZ" -v n="$NCPU" 'BEGIN {
    split(a, x, " "); split(b, y, " "); w = y[1] - x[1]; if (w <= 0) w = 1e-9
    printf "%.3f", n - ((y[2] - x[2]) + (y[3] - x[3])) / hz / w }'
}

# wait_quiet MAX_SECONDS: waits until the machine is nearly idle (under 0.25 busy cores over half a
# second), for at most MAX_SECONDS, so a run does not start in the middle of someone else's burst.
# Adds the time waited to QUIET_WAITED.
QUIET_WAITED=0
wait_quiet() {
  local start=$SECONDS a b
  while ((SECONDS - start < $1)); do
    a=$(machine_snapshot)
    sleep 0.5
    b=$(machine_snapshot)
    awk -v u="$(busy_cores "$a" "$b")" 'BEGIN { exit !(u < 0.25) }' && break
  done
  QUIET_WAITED=$((QUIET_WAITED + SECONDS - start))
}

# measure FN ARGS...: one recorded measurement. FN runs it and sets ROW (the TSV line), ROW_OTHER
# (cores used by unrelated processes meanwhile) and ROW_RC. A run that someone else disturbed (other
# above 0.25 cores) is repeated once while RETRIES_LEFT lasts, and the cleaner of the two is kept, so
# a shared machine costs a bounded amount of extra time instead of a useless row. The kept ROW is
# appended to $RAW; FAILED_RUNS and RETRIED count.
RETRIES_LEFT=0
RETRIED=0
FAILED_RUNS=0
measure() {
  local first first_other first_rc
  wait_quiet "$QUIET_MAX"
  "$@"
  if ((RETRIES_LEFT > 0)) && awk -v o="$ROW_OTHER" 'BEGIN { exit !(o > 0.25) }'; then
    RETRIES_LEFT=$((RETRIES_LEFT - 1))
    RETRIED=$((RETRIED + 1))
    first=$ROW first_other=$ROW_OTHER first_rc=$ROW_RC
    log "    other processes used $ROW_OTHER cores during that run; repeating it"
    wait_quiet "$QUIET_MAX"
    "$@"
    # Keep the first unless the repeat succeeded where it failed, or was less disturbed.
    if ! { ((ROW_RC == 0 && first_rc != 0)) ||
      { (((ROW_RC == 0) == (first_rc == 0))) && awk -v a="$ROW_OTHER" -v b="$first_other" 'BEGIN { exit !(a < b) }'; }; }; then
      ROW=$first ROW_OTHER=$first_other ROW_RC=$first_rc
    fi
  fi
  ((ROW_RC == 0)) || FAILED_RUNS=$((FAILED_RUNS + 1))
  printf '%s\n' "$ROW" >>"$RAW"
}

# Peak resident set size of a process in kB (VmHWM), or "n/a".
peak_rss_kb() {
  awk '/^VmHWM:/ { print $2; found = 1 } END { if (!found) print "n/a" }' "/proc/$1/status" 2>/dev/null || echo n/a
}

# ----------------------------------------------------------------------------------------- set-up
# Checks tools, chooses the server user, makes the temp dir and installs the exit trap.
bench_setup() {
  case $SSLMODE in disable | require) ;; *) die "--sslmode must be disable or require (got $SSLMODE)" ;; esac
  [[ " $TARGETS " == *" direct "* ]] || TARGETS="direct $TARGETS"
  local t
  for t in $TARGETS; do
    case $t in direct | pgbouncer | gateway | gw-audit | gw-policy | gw-mask) ;;
      gw-audit-b) [[ -f ${GATEWAY_JAR_B:-} ]] || die "target gw-audit-b needs GATEWAY_JAR_B, the jar to compare" ;;
      *) die "unknown target '$t' (direct, pgbouncer, gateway, gw-audit, gw-audit-b, gw-policy, gw-mask)" ;;
    esac
  done

  PGBIN=${PGBIN:-$(pg_config --bindir 2>/dev/null || true)}
  if [[ ! -x $PGBIN/initdb ]]; then
    PGBIN=$(find /usr/lib/postgresql -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -1)
  fi
  for t in initdb postgres pg_isready psql pgbench; do
    [[ -x $PGBIN/$t ]] || die "PostgreSQL binary $t not found (set PGBIN to the directory holding initdb)"
  done

  if [[ $(id -u) == 0 ]]; then
    BENCH_RUN_USER=${BENCH_RUN_USER:-nobody}
    local uid gid
    uid=$(id -u "$BENCH_RUN_USER" 2>/dev/null) || die "server user '$BENCH_RUN_USER' does not exist"
    gid=$(id -g "$BENCH_RUN_USER")
    [[ $uid != 0 ]] || die "BENCH_RUN_USER must not be root (PostgreSQL and PgBouncer refuse it)"
    command -v setpriv >/dev/null || die "setpriv (util-linux) is needed to drop root for the servers"
    RUNNER=(setpriv "--reuid=$uid" "--regid=$gid" --clear-groups --)
  else
    BENCH_RUN_USER=$(id -un)
  fi
  command -v setsid >/dev/null || die "setsid (util-linux) is needed"

  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  trap 'exit 129' HUP
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/hoopgw-bench.XXXXXX")
  mkdir -p "$BENCH_TMP/logs" "$BENCH_TMP/pgdata" "$BENCH_TMP/pgbouncer" "$BENCH_TMP/gateway"
  [[ $(id -u) != 0 ]] || chown -R "$BENCH_RUN_USER:" "$BENCH_TMP"
  chmod 700 "$BENCH_TMP" "$BENCH_TMP/pgdata"
  log "work dir $BENCH_TMP; servers run as $BENCH_RUN_USER; targets: $TARGETS"
}

# Self-signed certificate for --sslmode require, shared by PostgreSQL and PgBouncer.
make_tls_cert() {
  [[ -f $BENCH_TMP/tls.crt ]] && return 0
  command -v openssl >/dev/null || die "--sslmode require needs openssl to make a throwaway certificate"
  as_runner openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=127.0.0.1 -keyout "$BENCH_TMP/tls.key" -out "$BENCH_TMP/tls.crt" \
    >"$BENCH_TMP/logs/openssl.log" 2>&1 || die "openssl failed (see $BENCH_TMP/logs/openssl.log)"
}

# --------------------------------------------------------------------------------------- targets
# One row per target: name, port, database, user, password, PID whose CPU counts as the proxy's.
TARGET_NAMES=()
TARGET_PORTS=()
TARGET_USERS=()
TARGET_PASSWORDS=()
TARGET_PIDS=()
add_target() {
  TARGET_NAMES+=("$1")
  TARGET_PORTS+=("$2")
  TARGET_USERS+=("$3")
  TARGET_PASSWORDS+=("$4")
  TARGET_PIDS+=("$5")
}

# tpsql INDEX ARGS...: psql to target INDEX, database "bench", bounded in time.
tpsql() {
  local i=$1
  shift
  PGPASSWORD=${TARGET_PASSWORDS[i]} PGSSLMODE=$SSLMODE timeout --foreground -k 5 600 \
    "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${TARGET_PORTS[i]}" \
    -U "${TARGET_USERS[i]}" -d bench "$@"
}

# Every target must answer a query, over TLS when asked, before anything is measured.
check_targets() {
  local i out
  for i in "${!TARGET_NAMES[@]}"; do
    out=$(tpsql "$i" -c "SELECT CASE WHEN ssl THEN 'tls' ELSE 'plain' END FROM pg_stat_ssl WHERE pid = pg_backend_pid()" 2>&1) ||
      die "test query via ${TARGET_NAMES[i]} failed: $out"
    [[ $SSLMODE == disable || ${TARGET_NAMES[i]} != direct || $out == tls ]] ||
      die "direct connection is not using TLS although --sslmode $SSLMODE"
    log "${TARGET_NAMES[i]} answers on 127.0.0.1:${TARGET_PORTS[i]} (its session's link into PostgreSQL: $out)"
    check_controls "$i"
  done
}

# A gateway variant must show that its control is in force, or its row would measure the bare relay.
check_controls() {
  local i=$1 out dir
  case ${TARGET_NAMES[i]} in
    gw-policy)
      if out=$(tpsql "$i" -v VERBOSITY=verbose -c "SELECT 1 FROM payments.cards" 2>&1); then
        die "gw-policy let a denied statement through: is the policy section applied by this build?"
      fi
      [[ $out == *42501* ]] || die "gw-policy: expected a 42501 refusal, got: $out" ;;
    gw-mask)
      out=$(tpsql "$i" -c "SELECT 'card 4111 1111 1111 1111, mail ann@example.com'") || die "gw-mask: query failed"
      [[ $out != *4111* && $out != *ann@* ]] || die "gw-mask did not mask a card and an e-mail address: $out" ;;
    gw-audit | gw-audit-b)
      dir=$(target_audit_dir "${TARGET_NAMES[i]}")
      compgen -G "$dir/*" >/dev/null || die "${TARGET_NAMES[i]} wrote nothing to $dir" ;;
  esac
}

# ------------------------------------------------------------------------------------- PostgreSQL
# Fresh cluster on 127.0.0.1:PG_PORT, TCP only, scram-sha-256 everywhere; role and database
# "bench" with a password made for this run (BENCH_PG_PASSWORD). Sets PG_PID.
pg_start() {
  local data=$BENCH_TMP/pgdata i
  pick_port PG_PORT
  PG_SUPER_PASSWORD=$(new_secret)
  BENCH_PG_PASSWORD=$(new_secret)
  (umask 077 && printf '%s\n' "$PG_SUPER_PASSWORD" >"$BENCH_TMP/superuser.pw")
  [[ $(id -u) != 0 ]] || chown "$BENCH_RUN_USER:" "$BENCH_TMP/superuser.pw"

  log "initdb ($("$PGBIN/postgres" --version))"
  as_runner "$PGBIN/initdb" -D "$data" -U postgres --pwfile="$BENCH_TMP/superuser.pw" --auth=scram-sha-256 \
    -E UTF8 --locale=C >"$BENCH_TMP/logs/initdb.log" 2>&1 || die "initdb failed (see $BENCH_TMP/logs/initdb.log)"
  rm -f "$BENCH_TMP/superuser.pw"
  cat >>"$data/postgresql.conf" <<EOF

# ---- hoopgw bench ----
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = $((2 * MAX_CLIENTS + 20))
password_encryption = 'scram-sha-256'
shared_buffers = 256MB
fsync = on
jit = off
max_wal_size = 2GB
EOF
  if [[ $SSLMODE != disable ]]; then
    make_tls_cert
    printf "ssl = on\nssl_cert_file = '%s'\nssl_key_file = '%s'\n" "$BENCH_TMP/tls.crt" "$BENCH_TMP/tls.key" \
      >>"$data/postgresql.conf"
  fi

  start_server postgres "$BENCH_TMP/logs/postgres.log" INT 30 "$PGBIN/postgres" -D "$data"
  PG_PID=$STARTED_PID
  for ((i = 0; i < 300; i++)); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1 && break
    alive "$PG_PID" || die "postgres exited during start-up (see $BENCH_TMP/logs/postgres.log)"
    sleep 0.2
  done
  "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 1 || die "postgres not ready after 60s"

  # On stdin, so the password does not show in the process list.
  pg_admin postgres >/dev/null <<EOF || die "could not create role and database bench"
CREATE ROLE bench LOGIN PASSWORD '$BENCH_PG_PASSWORD';
CREATE DATABASE bench OWNER bench;
EOF
  add_target direct "$PG_PORT" bench "$BENCH_PG_PASSWORD" ""
  log "PostgreSQL on 127.0.0.1:$PG_PORT (pid $PG_PID)"
}

# pg_admin DATABASE ARGS...: psql as the superuser.
pg_admin() {
  local db=$1
  shift
  PGPASSWORD=$PG_SUPER_PASSWORD PGSSLMODE=$SSLMODE timeout --foreground -k 5 600 \
    "$PGBIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$db" "$@"
}

# pgbench tables at the given scale, vacuumed, checkpointed and read into shared buffers, so the
# first measured round does not pay for cold pages.
pg_load_pgbench() {
  local scale=$1
  log "pgbench -i -s $scale"
  PGPASSWORD=$BENCH_PG_PASSWORD PGSSLMODE=$SSLMODE timeout --foreground -k 5 900 \
    "$PGBIN/pgbench" -i -q -s "$scale" -h 127.0.0.1 -p "$PG_PORT" -U bench bench \
    >"$BENCH_TMP/logs/pgbench-init.log" 2>&1 || die "pgbench -i failed (see $BENCH_TMP/logs/pgbench-init.log)"
  pg_admin bench -c "VACUUM ANALYZE" -c "CHECKPOINT" >/dev/null || die "VACUUM/CHECKPOINT failed"
  if pg_admin bench -c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" >/dev/null 2>&1; then
    pg_admin bench -c "SELECT sum(pg_prewarm(c)) FROM unnest(array['pgbench_accounts', 'pgbench_accounts_pkey',
      'pgbench_branches', 'pgbench_tellers']) c" >/dev/null || die "pg_prewarm failed"
  else
    log "pg_prewarm not available; the warm-up round alone fills the buffers"
  fi
}

# -------------------------------------------------------------------------------------- PgBouncer
# PgBouncer in session mode on its own port; its database "bench" points at our PostgreSQL. The
# userlist holds the role's password, so PgBouncer can answer the client's SCRAM exchange and log
# in upstream with the same password.
pgbouncer_start() {
  local dir=$BENCH_TMP/pgbouncer
  if ! command -v pgbouncer >/dev/null; then
    [[ $(id -u) == 0 ]] || die "pgbouncer is not installed (apt-get install pgbouncer, as root)"
    log "installing pgbouncer with apt-get"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgbouncer; } \
      >"$BENCH_TMP/logs/apt.log" 2>&1 || die "apt-get install pgbouncer failed (see $BENCH_TMP/logs/apt.log)"
  fi
  pick_port PGBOUNCER_PORT
  (umask 077 && printf '"bench" "%s"\n' "$BENCH_PG_PASSWORD" >"$dir/userlist.txt")
  cat >"$dir/pgbouncer.ini" <<EOF
[databases]
bench = host=127.0.0.1 port=$PG_PORT dbname=bench

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = session
max_client_conn = $((MAX_CLIENTS + 10))
default_pool_size = $((MAX_CLIENTS + 5))
log_connections = 0
log_disconnections = 0
ignore_startup_parameters = extra_float_digits
EOF
  if [[ $SSLMODE != disable ]]; then
    make_tls_cert
    printf 'client_tls_sslmode = allow\nclient_tls_cert_file = %s\nclient_tls_key_file = %s\n' \
      "$BENCH_TMP/tls.crt" "$BENCH_TMP/tls.key" >>"$dir/pgbouncer.ini"
  fi
  [[ $(id -u) != 0 ]] || chown -R "$BENCH_RUN_USER:" "$dir"

  start_server pgbouncer "$BENCH_TMP/logs/pgbouncer.log" TERM 10 "$(command -v pgbouncer)" "$dir/pgbouncer.ini"
  PGBOUNCER_PID=$STARTED_PID
  wait_listening "$PGBOUNCER_PORT" 20 "$PGBOUNCER_PID" pgbouncer
  add_target pgbouncer "$PGBOUNCER_PORT" bench "$BENCH_PG_PASSWORD" "$PGBOUNCER_PID"
  log "PgBouncer $(pgbouncer --version | head -1 | awk '{ print $2 }') on 127.0.0.1:$PGBOUNCER_PORT (pid $PGBOUNCER_PID)"
}

# ---------------------------------------------------------------------------------------- gateway
JAVA=${JAVA:-java}
GATEWAY_JAR=${GATEWAY_JAR:-$REPO_ROOT/gateway-server/target/hoopgw.jar}

# The project's jar, built when missing and copied into the work dir so the unprivileged server user
# can read it wherever the checkout lives.
gateway_jar() {
  if [[ ! -f $GATEWAY_JAR ]]; then
    log "building $GATEWAY_JAR (./mvnw -B -q -pl gateway-server -am package -DskipTests)"
    # In the background with its own session, so a Ctrl-C or SIGTERM stops the build at once
    # (the exit trap signals its group) instead of after it completes.
    (cd "$REPO_ROOT" && exec setsid timeout 1800 ./mvnw -B -q -pl gateway-server -am package -DskipTests) \
      >"$BENCH_TMP/logs/build.log" 2>&1 </dev/null &
    BUILD_PID=$!
    wait "$BUILD_PID" || die "gateway build failed (see $BENCH_TMP/logs/build.log)"
    BUILD_PID=""
    [[ -f $GATEWAY_JAR ]] || die "the build did not produce $GATEWAY_JAR"
  fi
  if [[ ! -f $BENCH_TMP/hoopgw.jar ]]; then
    cp "$GATEWAY_JAR" "$BENCH_TMP/hoopgw.jar"
    chmod 644 "$BENCH_TMP/hoopgw.jar"
  fi
}

# Dev token for user bench in group bench; the first call also creates the signing key and
# $BENCH_TMP/gateway/jwks.json, which every generated config names.
gateway_token() {
  local token
  token=$(cd "$BENCH_TMP" && as_runner timeout --foreground 120 "$JAVA" -jar "$BENCH_TMP/hoopgw.jar" token \
    --state-dir "$BENCH_TMP/gateway" --user bench --groups bench 2>"$BENCH_TMP/logs/token.log") ||
    die "hoopgw token failed (see $BENCH_TMP/logs/token.log)"
  token=$(tr -d '[:space:]' <<<"$token")
  [[ $token =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]] ||
    die "hoopgw token did not print a compact JWT (see $BENCH_TMP/logs/token.log)"
  [[ -f $BENCH_TMP/gateway/jwks.json ]] || die "hoopgw token did not write $BENCH_TMP/gateway/jwks.json"
  printf '%s' "$token"
}

# The checkpoint signing key of the recording gateways (made once per run).
audit_key() {
  local key=$BENCH_TMP/gateway/audit-key.jwk
  [[ -f $key ]] && return 0
  (cd "$BENCH_TMP" && as_runner timeout --foreground 120 "$JAVA" -jar "$BENCH_TMP/hoopgw.jar" audit keygen \
    --out "$key") >"$BENCH_TMP/logs/keygen.log" 2>&1 || die "hoopgw audit keygen failed (see $BENCH_TMP/logs/keygen.log)"
}

# Where the recording gateways write: --audit-dir, else the work dir (a local disk unless TMPDIR says otherwise).
# Each recording gateway gets a directory of its own inside it.
audit_root() {
  if [[ -z ${AUDIT_ROOT:-} ]]; then
    if [[ -n ${AUDIT_DIR:-} ]]; then
      mkdir -p "$AUDIT_DIR" || die "cannot create --audit-dir $AUDIT_DIR"
      AUDIT_ROOT=$(mktemp -d "$AUDIT_DIR/hoopgw-bench-audit.XXXXXX")
      AUDIT_ROOT_OUTSIDE=1
    else
      AUDIT_ROOT=$BENCH_TMP/audit
      mkdir -p "$AUDIT_ROOT"
    fi
    [[ $(id -u) != 0 ]] || chown "$BENCH_RUN_USER:" "$AUDIT_ROOT"
  fi
}

# fsync_probe DIR: milliseconds per synchronous 512-byte append (dd oflag=dsync, 200 writes) in DIR: what one
# group commit of the recording gateway waits for at least. Prints "?" when it cannot be measured.
fsync_probe() {
  local file=$1/.hoopgw-fsync-probe out
  out=$(timeout 120 dd if=/dev/zero of="$file" bs=512 count=200 oflag=dsync 2>&1) || { echo "?"; rm -f "$file"; return; }
  rm -f "$file"
  awk '/copied/ { for (i = 1; i <= NF; i++) if ($i == "s," || $i == "s") { printf "%.2f", $(i - 1) * 1000 / 200; exit } }' \
    <<<"$out"
}

# Records the audit directory's fsync latency (see fsync_probe) at the start and the end of a run, for the report.
AUDIT_FSYNC=""
note_audit_fsync() {
  [[ -n ${AUDIT_ROOT:-} ]] || return 0
  AUDIT_FSYNC+="${AUDIT_FSYNC:+ / }$(fsync_probe "$AUDIT_ROOT") ms ($1)"
}

# Bytes in a recording gateway's audit directory (0 before it exists).
audit_bytes() {
  [[ -d $1 ]] || { echo 0; return; }
  du -sb "$1" 2>/dev/null | cut -f1
}

# The data-path sections of gateway variant NAME (see GATEWAY_VARIANTS), printed as YAML.
gateway_sections() {
  case $1 in
    gateway) ;;
    gw-audit | gw-audit-b)
      # Every statement recorded with the digest and first rows of its result, fsync per group commit.
      cat <<EOF
audit:
  directory: $AUDIT_ROOT/$1
  instance: bench
  signingKey: {file: $BENCH_TMP/gateway/audit-key.jwk}
  results: rows
EOF
      # AUDIT_PREALLOCATE=0 (gw-audit) or AUDIT_PREALLOCATE_B=0 (gw-audit-b): segments appended to, not kept
      # zero-filled ahead of their data as they are by default (builds before 53fb734 always append and do not
      # know the key; builds from 53fb734 to the power-loss fix append unless it is true).
      if [[ ($1 == gw-audit && ${AUDIT_PREALLOCATE:-1} == 0) || ($1 == gw-audit-b && ${AUDIT_PREALLOCATE_B:-1} == 0) ]]
      then
        echo "  preallocateSegments: false"
      fi
      ;;
    gw-policy)
      # What a read-only team gets: reads, session settings and transactions, one schema out of bounds,
      # the default guardrails.
      cat <<EOF
policy:
  guardrails: {requireWhere: true, maxStatementsPerQuery: 50}
  rules:
    - name: bench-read
      groups: [bench]
      targets: [bench]
      allow: {classes: [read, session, transaction]}
    - name: no-payments
      groups: [bench]
      targets: ["*"]
      deny:
        read: ["payments.*"]
        classes: [admin, privilege]
EOF
      ;;
    gw-mask)
      # Value detectors for cards, e-mail addresses and SSNs on every text value, and a column rule.
      cat <<EOF
masking:
  rules:
    - {name: cards, detect: card, strategy: partial, keep-last: 4}
    - {name: emails, detect: email, strategy: redact, mask: "[email]"}
    - {name: ssns, detect: ssn, strategy: redact}
    - {name: birth-dates, column: birth_date, strategy: "null"}
EOF
      ;;
    *) ;; # a gateway named by a script, configured by its extra sections alone
  esac
}

# write_gateway_config NAME PORT FILE [EXTRA_YAML]: the bare relay's configuration, then the sections of
# variant NAME (none for a name that is not a variant), then the top-level sections of the file EXTRA_YAML
# (e.g. masking:) when given.
write_gateway_config() {
  local extra=${4:-}
  cat >"$3" <<EOF
listeners: [{host: 127.0.0.1, port: $2, allowPlaintext: true}]
issuers: [{issuer: hoopgw-dev, audience: hoopgw, jwksFile: $BENCH_TMP/gateway/jwks.json, groupsClaim: groups}]
targets:
  bench: {host: 127.0.0.1, port: $PG_PORT, database: bench, tls: {mode: disable}, defaultRole: bench, roles: {bench: {password: {env: BENCH_PG_PASSWORD}}}}
grants: [{name: bench, groups: [bench], targets: [bench], roles: [bench]}]
limits: {eventLoopThreads: 1}
EOF
  gateway_sections "$1" >>"$3"
  if [[ -n $extra ]]; then
    [[ -r $extra ]] || die "gateway configuration section file $extra is not readable"
    { echo; cat "$extra"; } >>"$3"
  fi
}

# gateway_java NAME: the JVM of gateway variant NAME: a small, bounded heap and the serial collector.
# GATEWAY_JAVA_OPTS adds options, with {name} replaced by the variant's name (e.g. a flight recording per
# variant: -XX:StartFlightRecording=filename=/tmp/jfr/{name}.jfr,settings=profile).
gateway_java() {
  local opts=${GATEWAY_JAVA_OPTS:-}
  opts=${opts//\{name\}/$1}
  # shellcheck disable=SC2206 # word splitting of the user's options is intended
  GATEWAY_JAVA=("$JAVA" -XX:+UseSerialGC -Xmx256m $opts)
}

# gateway_start [NAME [EXTRA_YAML]]: starts gateway NAME (default gateway, the bare relay) and registers it as
# a target: the jar, or GATEWAY_CMD when set, with the generated configuration, NAME's sections when it is one
# of GATEWAY_VARIANTS, and the top-level sections of the file EXTRA_YAML. Its configuration is
# $BENCH_TMP/gateway/hoopgw.yaml for the bare relay, else $BENCH_TMP/gateway/NAME.yaml. Several gateways may run
# at once; all accept the same dev token. GATEWAY_CMD runs in the repository root through bash, as the server
# user, with the variables documented in bench/README.md exported; with GATEWAY_CMD, GATEWAY_TOKEN replaces
# the dev token.
GATEWAY_DEV_TOKEN=""
gateway_start() {
  local name=${1:-gateway} extra=${2:-} token pid started
  pick_port GATEWAY_PORT
  if [[ $name == gateway ]]; then
    GATEWAY_CONFIG=$BENCH_TMP/gateway/hoopgw.yaml
  else
    GATEWAY_CONFIG=$BENCH_TMP/gateway/$name.yaml
  fi
  if [[ -n ${GATEWAY_CMD:-} && -n ${GATEWAY_TOKEN:-} ]]; then
    token=$GATEWAY_TOKEN
  else
    gateway_jar
    [[ -n $GATEWAY_DEV_TOKEN ]] || GATEWAY_DEV_TOKEN=$(gateway_token)
    token=$GATEWAY_DEV_TOKEN
  fi
  if [[ $name == gw-audit* ]]; then
    audit_key
    audit_root
  fi
  write_gateway_config "$name" "$GATEWAY_PORT" "$GATEWAY_CONFIG" "$extra"
  [[ $(id -u) != 0 ]] || chown -R "$BENCH_RUN_USER:" "$BENCH_TMP/gateway"
  export GATEWAY_PORT GATEWAY_CONFIG BENCH_PG_PASSWORD PG_PORT
  export BENCH_STATE_DIR=$BENCH_TMP/gateway
  if [[ -n ${GATEWAY_CMD:-} ]]; then
    log "$name: GATEWAY_CMD=$GATEWAY_CMD"
    # shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash, on purpose
    start_server "$name" "$BENCH_TMP/logs/$name.log" TERM 15 \
      bash -c 'cd "$1" && eval "exec $2"' gateway-cmd "$REPO_ROOT" "$GATEWAY_CMD"
    GATEWAY_SHOWN[$name]="GATEWAY_CMD=$GATEWAY_CMD"
  else
    gateway_java "$name"
    local jar=hoopgw.jar
    if [[ $name == gw-audit-b ]]; then
      # The same configuration as gw-audit, run from another build: two builds measured in the same rounds.
      jar=hoopgw-b.jar
      cp "$GATEWAY_JAR_B" "$BENCH_TMP/$jar"
      chmod 644 "$BENCH_TMP/$jar"
    fi
    start_server "$name" "$BENCH_TMP/logs/$name.log" TERM 15 \
      "${GATEWAY_JAVA[@]}" -jar "$BENCH_TMP/$jar" serve --config "$GATEWAY_CONFIG"
    GATEWAY_SHOWN[$name]="${GATEWAY_JAVA[*]} -jar $jar serve --config ${GATEWAY_CONFIG##*/}"
  fi
  started=$STARTED_PID
  [[ $name != gateway ]] || GATEWAY_PID=$started
  wait_listening "$GATEWAY_PORT" 90 "$started" "$name"
  # A wrapper command may fork the real server: charge CPU to whoever listens on the port. An
  # explicit GATEWAY_CPU_PID names one process, so it applies to the first gateway started only.
  pid=$(listener_pid "$GATEWAY_PORT")
  if [[ -n ${GATEWAY_CPU_PID:-} && -z ${GATEWAY_CPU_PID_USED:-} ]]; then
    pid=$GATEWAY_CPU_PID
    GATEWAY_CPU_PID_USED=1
  fi
  pid=${pid:-$started}
  add_target "$name" "$GATEWAY_PORT" bench "$token" "$pid"
  log "$name on 127.0.0.1:$GATEWAY_PORT (pid $started, CPU charged to pid $pid, config $GATEWAY_CONFIG)"
}
declare -A GATEWAY_SHOWN=()

# The gateway variants a run may include, in the order they are started and reported.
GATEWAY_VARIANTS="gateway gw-audit gw-audit-b gw-policy gw-mask"

# Starts every server the TARGETS list asks for (PostgreSQL is already up).
start_proxies() {
  local v
  [[ " $TARGETS " != *" pgbouncer "* ]] || pgbouncer_start
  for v in $GATEWAY_VARIANTS; do
    [[ " $TARGETS " != *" $v "* ]] || gateway_start "$v"
  done
}

# The audit directory of target NAME when it records, else empty.
target_audit_dir() {
  [[ $1 == gw-audit* ]] && printf '%s' "$AUDIT_ROOT/$1"
  return 0
}

# ---------------------------------------------------------------------------------------- reports
RESULTS_DIR=$BENCH_DIR/results
RUN_STAMP=$(date +%Y%m%d-%H%M%S)

# What a gateway variant adds to the bare relay, for the report.
describe_variant() {
  case $1 in
    gw-audit | gw-audit-b)
      local fs
      [[ $1 != gw-audit-b ]] || printf '; built from %s' "$GATEWAY_JAR_B"
      fs=$(df -PT "$AUDIT_ROOT" 2>/dev/null | awk 'NR == 2 { print $2 " on " $1 }')
      echo "; records every statement (results: rows, 100 sampled rows) to $AUDIT_ROOT ($fs), fsync per group commit;"\
        "a synchronous 512-byte append there took ${AUDIT_FSYNC:-?}" ;;
    gw-policy) echo "; policy: one allow rule (read, session, transaction) and one deny rule, default guardrails" ;;
    gw-mask) echo "; masking: card, e-mail and SSN detectors on every text value, one column rule" ;;
  esac
}

# Markdown bullet list describing the machine and the software measured.
describe_setup() {
  local model mem
  model=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)
  echo "- machine: $NCPU cores ${model:-?}, $mem GiB, Linux $(uname -r); load average at start: $LOAD_AT_START"
  echo "- $("$PGBIN/postgres" --version), with psql and pgbench from the same installation"
  if [[ -n ${PGBOUNCER_PID:-} ]]; then
    echo "- PgBouncer $(pgbouncer --version | head -1 | awk '{ print $2 }'), session pooling"
  fi
  local i v
  for i in "${!TARGET_NAMES[@]}"; do
    v=${TARGET_NAMES[i]}
    [[ -z ${GATEWAY_SHOWN[$v]:-} ]] || echo "- $v: \`${GATEWAY_SHOWN[$v]}\`$(describe_variant "$v")"
  done
  echo "- client connections: sslmode=$SSLMODE; everything on 127.0.0.1; nothing pinned"
}
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
