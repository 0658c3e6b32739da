#!/usr/bin/env bash
# pgbench-compare.sh - pgbench -S throughput, latency and proxy CPU: direct PostgreSQL vs PgBouncer
# (session pooling) vs the hoopgw gateway, all started here on 127.0.0.1 and measured in the same
# alternating rounds. See bench/README.md for what the numbers mean and how to read them.
#
# Usage: bench/pgbench-compare.sh [options]        (as root, or as a user with pgbouncer installed)
#   --duration S    seconds per measured run                           (default 20)
#   --rounds N      measured rounds; each runs every case on every target (default 3)
#   --warmup S      seconds per mode per target in the unrecorded warm-up round (default 5)
#   --clients LIST  client counts, comma-separated                     (default 8,1)
#   --modes LIST    pgbench -M protocols                               (default simple,extended,prepared)
#   --threads N     pgbench -j for multi-client runs                   (default 2)
#   --scale N       pgbench -i scale                                   (default 10)
#   --targets LIST  among direct, pgbouncer, gateway (the bare relay), gw-audit (recording every statement),
#                   gw-audit-b (gw-audit run from GATEWAY_JAR_B), gw-policy (a read-only policy),
#                   gw-mask (masking); direct is always included
#                   (default direct,pgbouncer,gateway,gw-audit)
#   --audit-dir D   where gw-audit records (default: the work dir, on TMPDIR's file system)
#   --sslmode M     disable or require, for every client connection    (default disable)
#   --quick         smoke test of the script itself: 1 round of 3 s, 1 s warm-up
#   --quiet-wait S  before each run wait up to S s for the machine to go idle (default 3; 0 = off)
#   --retries N     disturbed runs that may be repeated once (default: a quarter of the runs; 0 = off)
#   --keep          keep the work dir (logs, configs, data) after the run
# Environment: GATEWAY_CMD, GATEWAY_TOKEN, GATEWAY_CPU_PID, GATEWAY_JAR, GATEWAY_JAR_B, GATEWAY_JAVA_OPTS, BENCH_RUN_USER, PGBIN,
# JAVA (README.md).
#
# Output: a table on stdout; bench/results/<timestamp>.md (the same table with the set-up, ready to
# paste) and bench/results/<timestamp>.tsv (one row per run). Exit status 1 when any run failed.
set -euo pipefail

DURATION=20
ROUNDS=3
WARMUP=5
CLIENTS="8 1"
MODES="simple extended prepared"
THREADS=2
SCALE=10
QUIET_MAX=3
RETRIES=""
TARGETS="direct pgbouncer gateway gw-audit"
AUDIT_DIR=""
SSLMODE=disable
KEEP=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --duration | --rounds | --warmup | --clients | --modes | --threads | --scale | --targets | \
      --sslmode | --quiet-wait | --retries | --audit-dir)
      (($# >= 2)) || { echo "$1 needs a value (see --help)" >&2; exit 2; } ;;
  esac
  case $1 in
    --duration) DURATION=$2; shift ;;
    --rounds) ROUNDS=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --clients) CLIENTS=${2//,/ }; shift ;;
    --modes) MODES=${2//,/ }; shift ;;
    --threads) THREADS=$2; shift ;;
    --scale) SCALE=$2; shift ;;
    --targets) TARGETS=${2//,/ }; shift ;;
    --sslmode) SSLMODE=$2; shift ;;
    --audit-dir) AUDIT_DIR=$2; shift ;;
    --quick) DURATION=3; ROUNDS=1; WARMUP=1 ;;
    --quiet-wait) QUIET_MAX=$2; shift ;;
    --retries) RETRIES=$2; shift ;;
    --keep) KEEP=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$DURATION" "$ROUNDS" "$WARMUP" "$THREADS" "$SCALE" $CLIENTS; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "numbers must be positive integers (got '$n')" >&2; exit 2; }
done
[[ $QUIET_MAX =~ ^[0-9]+$ && ${RETRIES:-0} =~ ^[0-9]+$ ]] || { echo "--quiet-wait and --retries take whole numbers" >&2; exit 2; }
for m in $MODES; do
  case $m in simple | extended | prepared) ;; *) echo "unknown pgbench mode '$m'" >&2; exit 2 ;; esac
done

# Session pooling gives each client a server connection of its own: a smaller pool would leave the clients
# beyond it waiting the whole run, and measure PgBouncer at fewer clients than the others.
MAX_CLIENTS=$(tr ' ' '\n' <<<"$CLIENTS" | sort -n | tail -1)

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

bench_setup
pg_start
pg_load_pgbench "$SCALE"
start_proxies
check_targets
note_audit_fsync start

mkdir -p "$RESULTS_DIR"
RAW=$RESULTS_DIR/$RUN_STAMP.tsv
REPORT=$RESULTS_DIR/$RUN_STAMP.md
printf 'round\tclients\tmode\ttarget\ttps\tlatency_ms\ttransactions\twall_s\tclient_cpu_s\tproxy_cpu_s\tpg_cpu_s\tbusy_cores\tother_cores\trc\taudit_bytes\n' >"$RAW"

# run_pgbench TARGET_INDEX CLIENTS MODE SECONDS ROUND: one pgbench -S run, its TSV line in ROW (see
# measure in lib.sh); round 0 is warm-up and sets nothing. CPU is read from /proc around the run;
# "other" is machine-wide busy cores minus what pgbench, the proxy and PostgreSQL used, i.e. how
# much unrelated work disturbed the run.
run_pgbench() {
  local i=$1 clients=$2 mode=$3 secs=$4 round=$5
  local name=${TARGET_NAMES[i]} proxy=${TARGET_PIDS[i]} out=$BENCH_TMP/logs/pgbench.out
  local m0 m1 p0=0 p1=0 g0 g1 rc=0 wall usr sys tps lat ntx busy a0=0 a1=0 audit
  audit=$(target_audit_dir "$name")
  [[ -z $audit ]] || a0=$(audit_bytes "$audit")
  g0=$(pg_ticks)
  [[ -z $proxy ]] || p0=$(proc_ticks "$proxy")
  m0=$(machine_snapshot)
  TIMEFORMAT='%3R %3U %3S'
  { time PGPASSWORD=${TARGET_PASSWORDS[i]} PGSSLMODE=$SSLMODE timeout --foreground -k 5 $((secs + 60)) \
      "$PGBIN/pgbench" -n -S -M "$mode" -c "$clients" -j $((clients < THREADS ? clients : THREADS)) -T "$secs" \
      -h 127.0.0.1 -p "${TARGET_PORTS[i]}" -U "${TARGET_USERS[i]}" bench >"$out" 2>&1; } 2>"$out.time" || rc=$?
  m1=$(machine_snapshot)
  # The server side finishes a moment after the client: let this run's backends exit and be
  # reaped, so their last CPU is charged to this run and not the next.
  sleep 0.2
  g1=$(pg_ticks)
  [[ -z $proxy ]] || p1=$(proc_ticks "$proxy")
  [[ -z $audit ]] || a1=$(audit_bytes "$audit")
  read -r wall usr sys <"$out.time"
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$out" | tail -1)
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$out" | tail -1)
  ntx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out" | tail -1)
  if [[ $rc == 0 ]] && { [[ -z $tps || -z $ntx ]] || grep -q '^number of failed transactions: [1-9]' "$out"; }; then
    rc=99
  fi
  if [[ $rc != 0 ]]; then
    log "WARN: $name c$clients $mode (round $round) failed with status $rc:"
    tail -5 "$out" >&2
  fi
  ((round > 0)) || return 0
  busy=$(busy_cores "$m0" "$m1")
  ROW=$(awk -v r="$round" -v c="$clients" -v m="$mode" -v t="$name" -v tps="${tps:-0}" -v lat="${lat:-0}" \
    -v n="${ntx:-0}" -v w="$wall" -v cu="$usr" -v cs="$sys" -v p=$((p1 - p0)) -v g=$((g1 - g0)) -v hz="$HZ" \
    -v b="$busy" -v rc="$rc" -v ab=$((a1 - a0)) 'BEGIN {
      cli = cu + cs; prx = p / hz; pg = g / hz
      printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\t%.3f\t%s\t%s\n",
        r, c, m, t, tps, lat, n, w, cli, prx, pg, b, b - (cli + prx + pg) / w, rc, ab }')
  ROW_OTHER=$(cut -f13 <<<"$ROW")
  ROW_RC=$rc
  log "  round $round c$clients $mode $name: tps ${tps:-?}, latency ${lat:-?} ms, other load $ROW_OTHER cores"
}

# ------------------------------------------------------------------------------------- warm-up
log "warm-up: ${WARMUP}s per mode per target at ${CLIENTS%% *} clients (JIT, buffers, pools)"
for i in "${!TARGET_NAMES[@]}"; do
  for mode in $MODES; do run_pgbench "$i" "${CLIENTS%% *}" "$mode" "$WARMUP" 0; done
done

# ------------------------------------------------------------------------------------- rounds
# Targets alternate innermost, so every case is measured on all targets within seconds of each
# other, and even rounds reverse the order (ABBA): slow drift of the machine hits all targets alike.
NT=${#TARGET_NAMES[@]}
runs=$(($(wc -w <<<"$CLIENTS") * $(wc -w <<<"$MODES") * NT))
RETRIES_LEFT=${RETRIES:-$(((ROUNDS * runs + 3) / 4))}
log "$ROUNDS rounds x $runs runs x ${DURATION}s: about $((ROUNDS * runs * (DURATION + 1) / 60 + 1)) min"
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then order=$(seq 0 $((NT - 1))); else order=$(seq $((NT - 1)) -1 0); fi
  log "round $round/$ROUNDS"
  for clients in $CLIENTS; do
    for mode in $MODES; do
      for i in $order; do measure run_pgbench "$i" "$clients" "$mode" "$DURATION" "$round"; done
    done
  done
done

# ------------------------------------------------------------------------------------- report
# Per case and target: median TPS and median latency over rounds; CPU per query as total CPU over
# total transactions of the successful rounds. Ratios compare with direct, the bare gateway and PgBouncer
# in the same case and the same round (so drift between rounds cancels), as the median of the per-round
# ratios with their range.
summarise() {
  awk -F'\t' -v targets="${TARGET_NAMES[*]}" -v clients="$CLIENTS" -v modes="$MODES" '
    function median(list,    a, n, i, j, tmp) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { tmp = a[j]; a[j] = a[j - 1]; a[j - 1] = tmp }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    # Median and range of TPS(target) / TPS(reference) over the rounds where both succeeded.
    function ratio(c, m, t, ref,    r, list, lo, hi, x, n) {
      if (t == ref) return "-"
      n = 0; list = ""
      for (r = 1; r <= rounds; r++) {
        if (!((r, c, m, t) in R) || !((r, c, m, ref) in R) || R[r, c, m, ref] <= 0) continue
        x = R[r, c, m, t] / R[r, c, m, ref]; list = list " " x; n++
        if (n == 1 || x < lo) lo = x
        if (n == 1 || x > hi) hi = x
      }
      if (n == 0) return "-"
      return n == 1 ? sprintf("%.2f", x) : sprintf("%.2f (%.2f-%.2f)", median(list), lo, hi)
    }
    NR == 1 { next }
    { k = $2 SUBSEP $3 SUBSEP $4; runs++; if ($13 > 0.25) disturbed++; if ($1 > rounds) rounds = $1
      if (!(k in other) || $13 + 0 > other[k]) other[k] = $13 + 0 }
    $14 != 0 { failed[k]++; next }
    { v = $5 + 0; ok[k]++; tps[k] = tps[k] " " v; lat[k] = lat[k] " " $6; R[$1, $2, $3, $4] = v
      if (!(k in lo) || v < lo[k]) lo[k] = v
      if (!(k in hi) || v > hi[k]) hi[k] = v
      tx[k] += $7; prx[k] += $10; pg[k] += $11; ab[k] += $15 }
    END {
      nt = split(targets, T, " "); nc = split(clients, C, " "); nm = split(modes, M, " ")
      for (t = 1; t <= nt; t++) has[T[t]] = 1
      fmt = "| %7s | %-8s | %-10s | %7s | %-17s | %-17s | %-17s | %6s | %7s | %10s | %7s | %9s | %6s | %5s |\n"
      printf fmt, "clients", "mode", "target", "TPS", "x direct", "x gateway", "x pgbouncer", "lat ms", "+lat us",
        "proxy us/q", "PG us/q", "audit B/q", "spread", "other"
      printf fmt, "------:", "--------", "----------", "------:", "--------", "--------", "--------", "-----:", "------:",
        "---------:", "------:", "--------:", "-----:", "----:"
      for (c = 1; c <= nc; c++) for (m = 1; m <= nm; m++) {
        d = C[c] SUBSEP M[m] SUBSEP "direct"
        dl = ok[d] ? median(lat[d]) : 0
        for (t = 1; t <= nt; t++) {
          k = C[c] SUBSEP M[m] SUBSEP T[t]
          if (!ok[k]) { printf fmt, C[c], M[m], T[t], "FAILED", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"; continue }
          mt = median(tps[k]); ml = median(lat[k])
          printf fmt, C[c], M[m], T[t] (failed[k] ? "*" : ""), sprintf("%.0f", mt),
            ratio(C[c], M[m], T[t], "direct"),
            (has["gateway"] && T[t] ~ /^gw-/ ? ratio(C[c], M[m], T[t], "gateway") : "-"),
            (has["pgbouncer"] && T[t] ~ /^g/ ? ratio(C[c], M[m], T[t], "pgbouncer") : "-"),
            sprintf("%.3f", ml), (T[t] == "direct" || !ok[d] ? "-" : sprintf("%+.0f", (ml - dl) * 1000)),
            (T[t] == "direct" ? "n/a" : sprintf("%.1f", prx[k] * 1e6 / tx[k])),
            sprintf("%.1f", pg[k] * 1e6 / tx[k]), (ab[k] > 0 ? sprintf("%.0f", ab[k] / tx[k]) : "-"),
            sprintf("%.1f%%", mt > 0 ? 100 * (hi[k] - lo[k]) / mt : 0), sprintf("%.2f", other[k] > 0 ? other[k] : 0)
        }
      }
      printf "\n%d of %d measured runs were disturbed (other load above 0.25 cores)\n", disturbed, runs
    }' "$RAW"
}

note_audit_fsync end
TABLE=$(summarise)
{
  echo "## pgbench -S: direct vs proxies ($(date '+%Y-%m-%d %H:%M'))"
  echo
  describe_setup
  echo "- pgbench -S -n, scale $SCALE, -j $THREADS; $ROUNDS alternating rounds (ABBA) of ${DURATION}s per run after a ${WARMUP}s-per-mode warm-up"
  echo
  echo "$TABLE"
  echo
  echo "TPS and latency are medians over rounds; x direct, x gateway (the bare relay), x pgbouncer = TPS / that"
  echo "target's TPS in the same round, median over rounds (range in brackets); +lat us = added average latency"
  echo "vs direct; audit B/q = bytes the recording gateway added to its audit directory per transaction;"
  echo "proxy us/q and PG us/q = CPU time (user+system) of the proxy process and of all PostgreSQL"
  echo "processes per transaction; spread = (max-min)/median TPS across rounds; * = some rounds failed;"
  echo "other = the highest load, in cores, that processes other than pgbench, the proxy and PostgreSQL put"
  echo "on the machine during any kept round of that row. Waited ${QUIET_WAITED}s in total for an idle machine;"
  echo "repeated $RETRIED disturbed runs, keeping the cleaner of each pair."
} >"$REPORT"
echo
cat "$REPORT"
echo
log "results: $REPORT (raw rows: $RAW)"
((FAILED_RUNS == 0)) || die "$FAILED_RUNS measured runs failed"
