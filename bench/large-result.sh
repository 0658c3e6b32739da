#!/usr/bin/env bash
# large-result.sh - time one large result set (1,000,000 rows by default) read with psql through direct
# PostgreSQL, PgBouncer (session pooling) and the hoopgw gateway (bare, and recording every statement), in
# alternating rounds, and report each proxy's throughput relative to direct and to the bare gateway, its CPU,
# its peak memory (VmHWM) and the audit bytes the result cost. Shares its start-up machinery with
# pgbench-compare.sh (bench/lib.sh); see bench/README.md. Masking on large results: masking.sh.
#
# Usage: bench/large-result.sh [options]           (as root, or as a user with pgbouncer installed)
#   --rounds N      measured rounds, each reading the result once per target (default 3)
#   --rows N        rows in the result                                 (default 1000000)
#   --targets LIST  among direct, pgbouncer, gateway (the bare relay), gw-audit (recording every statement),
#                   gw-audit-b (gw-audit run from GATEWAY_JAR_B), gw-policy (a read-only policy),
#                   gw-mask (masking); direct is always included
#                   (default direct,pgbouncer,gateway,gw-audit)
#   --audit-dir D   where gw-audit records (default: the work dir, on TMPDIR's file system)
#   --sslmode M     disable or require, for every client connection    (default disable)
#   --quick         smoke test of the script itself: 1 round
#   --quiet-wait S  before each run wait up to S s for the machine to go idle (default 3; 0 = off)
#   --retries N     disturbed runs that may be repeated once (default: half of the runs; 0 = off)
#   --keep          keep the work dir (logs, configs, data) after the run
# Environment: GATEWAY_CMD, GATEWAY_TOKEN, GATEWAY_CPU_PID, GATEWAY_JAR, GATEWAY_JAR_B, GATEWAY_JAVA_OPTS, BENCH_RUN_USER, PGBIN,
# JAVA (README.md).
#
# Output: a table on stdout; bench/results/<timestamp>-large.md and -large.tsv. Exit status 1 when
# any run failed.
set -euo pipefail

ROUNDS=3
ROWS=1000000
QUIET_MAX=3
RETRIES=""
TARGETS="direct pgbouncer gateway gw-audit"
AUDIT_DIR=""
SSLMODE=disable
KEEP=0

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --rounds | --rows | --targets | --sslmode | --quiet-wait | --retries | --audit-dir)
      (($# >= 2)) || { echo "$1 needs a value (see --help)" >&2; exit 2; } ;;
  esac
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --rows) ROWS=$2; shift ;;
    --targets) TARGETS=${2//,/ }; shift ;;
    --audit-dir) AUDIT_DIR=$2; shift ;;
    --sslmode) SSLMODE=$2; shift ;;
    --quick) ROUNDS=1 ;;
    --quiet-wait) QUIET_MAX=$2; shift ;;
    --retries) RETRIES=$2; shift ;;
    --keep) KEEP=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$ROUNDS" "$ROWS"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || { echo "numbers must be positive integers (got '$n')" >&2; exit 2; }
done
[[ $QUIET_MAX =~ ^[0-9]+$ && ${RETRIES:-0} =~ ^[0-9]+$ ]] || { echo "--quiet-wait and --retries take whole numbers" >&2; exit 2; }

# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

QUERY="SELECT g, md5(g::text) FROM generate_series(1, $ROWS) g"

bench_setup
pg_start
start_proxies
check_targets
note_audit_fsync start

mkdir -p "$RESULTS_DIR"
RAW=$RESULTS_DIR/$RUN_STAMP-large.tsv
REPORT=$RESULTS_DIR/$RUN_STAMP-large.md
printf 'round\ttarget\twall_s\tclient_cpu_s\tproxy_cpu_s\tpg_cpu_s\tbusy_cores\tother_cores\tproxy_peak_rss_kb\trc\taudit_bytes\n' >"$RAW"

# Peak RSS of each proxy right after start-up and the check query, before any large result.
declare -A RSS_AT_START
for i in "${!TARGET_NAMES[@]}"; do
  [[ -z ${TARGET_PIDS[i]} ]] || RSS_AT_START[${TARGET_NAMES[i]}]=$(peak_rss_kb "${TARGET_PIDS[i]}")
done

# read_result TARGET_INDEX ROUND: reads the whole result with psql into /dev/null, its TSV line in
# ROW (see measure in lib.sh); round 0 is warm-up and sets nothing. Unaligned, tuples-only output keeps psql's
# own formatting work small, so the difference between targets is the path the rows take.
read_result() {
  local i=$1 round=$2
  local name=${TARGET_NAMES[i]} proxy=${TARGET_PIDS[i]} m0 m1 p0=0 p1=0 g0 g1 rc=0 wall usr sys busy rss=n/a
  local audit a0=0 a1=0
  audit=$(target_audit_dir "$name")
  [[ -z $audit ]] || a0=$(audit_bytes "$audit")
  g0=$(pg_ticks)
  [[ -z $proxy ]] || p0=$(proc_ticks "$proxy")
  m0=$(machine_snapshot)
  TIMEFORMAT='%3R %3U %3S'
  { time tpsql "$i" -c "$QUERY" >/dev/null 2>"$BENCH_TMP/logs/psql.err"; } 2>"$BENCH_TMP/logs/psql.time" || rc=$?
  m1=$(machine_snapshot)
  g1=$(pg_ticks)
  [[ -z $proxy ]] || p1=$(proc_ticks "$proxy")
  # The result's summary record is written after the last row; give the group commit a moment.
  [[ -z $audit ]] || { sleep 0.2; a1=$(audit_bytes "$audit"); }
  read -r wall usr sys <"$BENCH_TMP/logs/psql.time"
  if [[ $rc != 0 ]]; then
    log "WARN: $name (round $round) failed with status $rc: $(head -c 300 "$BENCH_TMP/logs/psql.err")"
  fi
  ((round > 0)) || return 0
  busy=$(busy_cores "$m0" "$m1")
  [[ -z $proxy ]] || rss=$(peak_rss_kb "$proxy")
  ROW=$(awk -v r="$round" -v t="$name" -v w="$wall" -v cu="$usr" -v cs="$sys" -v p=$((p1 - p0)) \
    -v g=$((g1 - g0)) -v hz="$HZ" -v b="$busy" -v rss="$rss" -v rc="$rc" -v ab=$((a1 - a0)) 'BEGIN {
      cli = cu + cs; prx = p / hz; pg = g / hz
      printf "%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\t%.3f\t%s\t%s\t%s\n", r, t, w, cli, prx, pg, b,
        b - (cli + prx + pg) / w, rss, rc, ab }')
  ROW_OTHER=$(cut -f8 <<<"$ROW")
  ROW_RC=$rc
  log "  round $round $name: ${wall}s, other load $ROW_OTHER cores"
}

# ------------------------------------------------------------------------------------- warm-up
# One unrecorded read per target (JIT, buffer pools), which also checks that every target returns exactly
# what direct PostgreSQL returns; the direct read measures the size of psql's output for MB/s.
for i in "${!TARGET_NAMES[@]}"; do
  tpsql "$i" -c "$QUERY" >"$BENCH_TMP/warm-up.out" || die "warm-up read via ${TARGET_NAMES[i]} failed"
  sum=$(md5sum <"$BENCH_TMP/warm-up.out" | cut -d' ' -f1)
  if ((i == 0)); then
    expected=$sum
    OUTPUT_BYTES=$(stat -c %s "$BENCH_TMP/warm-up.out")
  elif [[ $sum != "$expected" ]]; then
    die "${TARGET_NAMES[i]} returned a different result than direct PostgreSQL"
  fi
done
rm -f "$BENCH_TMP/warm-up.out"

# ------------------------------------------------------------------------------------- rounds
NT=${#TARGET_NAMES[@]}
log "$ROUNDS rounds x $NT targets, $ROWS rows each"
RETRIES_LEFT=${RETRIES:-$(((ROUNDS * NT + 1) / 2))}
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then order=$(seq 0 $((NT - 1))); else order=$(seq $((NT - 1)) -1 0); fi
  for i in $order; do measure read_result "$i" "$round"; done
done

# ------------------------------------------------------------------------------------- report
rss_start=""
for t in "${!RSS_AT_START[@]}"; do rss_start+="$t=${RSS_AT_START[$t]} "; done
note_audit_fsync end
TABLE=$(awk -F'\t' -v targets="${TARGET_NAMES[*]}" -v rows="$ROWS" -v bytes="$OUTPUT_BYTES" -v start="$rss_start" '
  function median(list,    a, n, i, j, tmp) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { tmp = a[j]; a[j] = a[j - 1]; a[j - 1] = tmp }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function mb(kb) { return kb == "n/a" || kb == "" ? "n/a" : sprintf("%.1f", kb / 1024) }
  # Median and range over rounds of time(reference) / time(target): the throughput ratio.
  function ratio(t, ref,    r, list, lo, hi, x, n) {
    if (t == ref) return "-"
    n = 0; list = ""
    for (r = 1; r <= rounds; r++) {
      if (!((r, t) in W) || !((r, ref) in W) || W[r, t] <= 0) continue
      x = W[r, ref] / W[r, t]; list = list " " x; n++
      if (n == 1 || x < lo) lo = x
      if (n == 1 || x > hi) hi = x
    }
    if (n == 0) return "-"
    return n == 1 ? sprintf("%.2f", x) : sprintf("%.2f (%.2f-%.2f)", median(list), lo, hi)
  }
  NR == 1 { next }
  { k = $2; runs++; if ($8 > 0.25) disturbed++; if ($1 > rounds) rounds = $1
    if (!(k in other) || $8 + 0 > other[k]) other[k] = $8 + 0 }
  $10 != 0 { failed[k]++; next }
  { ok[k]++; w[k] = w[k] " " $3; W[$1, $2] = $3 + 0; cpu[k] += $5; rss[k] = $9; ab[k] += $11 }
  END {
    n = split(start, S, " "); for (i = 1; i <= n; i++) { split(S[i], kv, "="); rss0[kv[1]] = kv[2] }
    nt = split(targets, T, " ")
    for (i = 1; i <= nt; i++) has[T[i]] = 1
    fmt = "| %-10s | %8s | %-17s | %-17s | %7s | %5s | %11s | %10s | %13s | %5s |\n"
    printf fmt, "target", "median s", "x direct", "x gateway", "Mrows/s", "MB/s", "proxy CPU s",
      "audit B/st", "peak RSS MB", "other"
    printf fmt, "----------", "-------:", "--------", "--------", "------:", "----:", "----------:",
      "---------:", "------------:", "----:"
    for (i = 1; i <= nt; i++) { t = T[i]; k = t
      if (!ok[k]) { printf fmt, t, "FAILED", "-", "-", "-", "-", "-", "-", "-", "-"; continue }
      m = median(w[k])
      printf fmt, t (failed[k] ? "*" : ""), sprintf("%.2f", m), ratio(t, "direct"),
        (has["gateway"] && t ~ /^gw-/ ? ratio(t, "gateway") : "-"),
        sprintf("%.2f", rows / m / 1e6), sprintf("%.0f", bytes / m / 1e6),
        (t == "direct" ? "n/a" : sprintf("%.2f", cpu[k] / ok[k])), (ab[k] > 0 ? sprintf("%.0f", ab[k] / ok[k]) : "-"),
        (t == "direct" ? "n/a" : mb(rss0[t]) " / " mb(rss[k])), sprintf("%.2f", other[k] > 0 ? other[k] : 0)
    }
    printf "\n%d of %d measured runs were disturbed (other load above 0.25 cores)\n", disturbed, runs
  }' "$RAW")
{
  echo "## Large result: $ROWS rows through direct vs proxies ($(date '+%Y-%m-%d %H:%M'))"
  echo
  describe_setup
  echo "- \`psql -X -At -c \"$QUERY\" > /dev/null\` ($OUTPUT_BYTES bytes of output); $ROUNDS alternating rounds (ABBA) after one warm-up read per target"
  echo
  echo "$TABLE"
  echo
  echo "median s = median wall time of psql; x direct, x gateway = time via direct (or the bare gateway) / time via"
  echo "the target in the same round: the throughput ratio, median over rounds (range in brackets); MB/s = psql"
  echo "output bytes per second; proxy CPU s = user+system CPU of the proxy process per read; audit B/st = bytes"
  echo "the recording gateway added to its audit directory per read (one statement, its outcome and result summary);"
  echo "peak RSS MB = the proxy's VmHWM after start-up / after all reads; other = highest load, in cores, from"
  echo "processes other than psql, the proxy and PostgreSQL during any kept round; * = some rounds failed. Waited"
  echo "${QUIET_WAITED}s for an idle machine; repeated $RETRIED disturbed runs, keeping the cleaner of each pair."
} >"$REPORT"
echo
cat "$REPORT"
echo
log "results: $REPORT (raw rows: $RAW)"
((FAILED_RUNS == 0)) || die "$FAILED_RUNS measured runs failed"
