#!/usr/bin/env bash
# masking.sh - what inline masking costs on a large result (1,000,000 rows by default): an id, a card number
# and an e-mail address per row, read with psql through direct PostgreSQL, the bare gateway, and a gateway
# configured with masking rules (bench/masking.yaml, or --masking-config). The same gateways also read a result of
# the same shape with no card and no address in it, which shows what masking costs when configured but idle.
# Alternating rounds; see bench/README.md.
#
# Usage: bench/masking.sh [options]                (as root, or as any user)
#   --rounds N               measured rounds, each reading every case once (default 3)
#   --rows N                 rows in each result                                (default 1000000)
#   --masking-config FILE    YAML with the gateway's masking section (default bench/masking.yaml)
#   --quick                  smoke test of the script itself: 1 round of 100000 rows
#   --quiet-wait S           before each run wait up to S s for the machine to go idle (default 3; 0 = off)
#   --retries N              disturbed runs that may be repeated once (default: half of the runs; 0 = off)
#   --keep                   keep the work dir (logs, configs, data) after the run
# Environment: GATEWAY_CMD, GATEWAY_TOKEN, GATEWAY_CPU_PID, BENCH_RUN_USER, PGBIN, JAVA (README.md); a
# GATEWAY_CMD must start the configuration in $GATEWAY_CONFIG, which holds the masking section for the
# masking gateway.
#
# Output: a table on stdout; bench/results/<timestamp>-masking.md and -masking.tsv. Exit status 1 when any run
# failed, or when the masking gateway let a card or address through (its numbers would then mean nothing).
set -euo pipefail

ROUNDS=3
ROWS=1000000
QUIET_MAX=3
RETRIES=""
KEEP=0
MASKING_CONFIG=$(cd "$(dirname "$0")" && pwd)/masking.yaml

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
    --rounds | --rows | --masking-config | --quiet-wait | --retries)
      (($# >= 2)) || { echo "$1 needs a value (see --help)" >&2; exit 2; } ;;
  esac
  case $1 in
    --rounds) ROUNDS=$2; shift ;;
    --rows) ROWS=$2; shift ;;
    --masking-config) MASKING_CONFIG=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift ;;
    --quick) ROUNDS=1 ROWS=100000 ;;
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
[[ -r $MASKING_CONFIG ]] || { echo "masking configuration $MASKING_CONFIG is not readable" >&2; exit 2; }
grep -q '^masking:' "$MASKING_CONFIG" || { echo "$MASKING_CONFIG has no top-level masking: section" >&2; exit 2; }

SSLMODE=disable
TARGETS="direct gateway"
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "$0")/lib.sh"

# Cards of four issuers (Luhn-valid; grouped with spaces, dashes, or not at all) and one address per row.
QUERY_MATCH="SELECT g AS id,
  (ARRAY['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', '6011 1111 1111 1117'])[g % 4 + 1] AS card,
  'user' || g || '@example.com' AS email
FROM generate_series(1, $ROWS) g"
# The same shape and nearly the same length, with nothing any detector finds.
QUERY_PLAIN="SELECT g AS id, 'order ' || lpad(g::text, 10, '0') AS card, 'user' || g || ' at example.com' AS email
FROM generate_series(1, $ROWS) g"

bench_setup
pg_start
gateway_start gateway
cp "$MASKING_CONFIG" "$BENCH_TMP/masking-section.yaml"
gateway_start gateway-masking "$BENCH_TMP/masking-section.yaml"
check_targets

# Target indexes (see add_target): 0 direct, 1 gateway, 2 gateway-masking.
CASE_NAMES=(direct/match gateway/match masking/match direct/plain gateway/plain masking/plain)
CASE_TARGETS=(0 1 2 0 1 2)
CASE_QUERIES=(match match match plain plain plain)
query_text() { if [[ $1 == match ]]; then printf '%s' "$QUERY_MATCH"; else printf '%s' "$QUERY_PLAIN"; fi; }

# ------------------------------------------------------------------------------- masking must work
# A gateway that does not mask would make the "masking on" numbers a second bare relay: check first.
SAMPLE=$(tpsql 2 -c "$(query_text match) LIMIT 8") || die "query through gateway-masking failed"
if grep -qE '4111 1111 1111 1111|5555-5555-5555-4444|@example\.com' <<<"$SAMPLE"; then
  die "gateway-masking returned cards or addresses in clear; is masking wired into the relay? sample: $(head -2 <<<"$SAMPLE")"
fi
log "gateway-masking masks: $(head -1 <<<"$SAMPLE")"

mkdir -p "$RESULTS_DIR"
RAW=$RESULTS_DIR/$RUN_STAMP-masking.tsv
REPORT=$RESULTS_DIR/$RUN_STAMP-masking.md
printf 'round\tcase\twall_s\tclient_cpu_s\tproxy_cpu_s\tpg_cpu_s\tbusy_cores\tother_cores\tproxy_peak_rss_kb\trc\n' >"$RAW"

declare -A RSS_AT_START
for i in 1 2; do RSS_AT_START[${TARGET_NAMES[i]}]=$(peak_rss_kb "${TARGET_PIDS[i]}"); done

# read_case CASE ROUND: reads the whole result of one case with psql into /dev/null; its TSV line in ROW (see
# measure in lib.sh). Round 0 is warm-up and sets nothing.
read_case() {
  local c=$1 round=$2
  local i=${CASE_TARGETS[c]} name=${CASE_NAMES[c]} query m0 m1 p0=0 p1=0 g0 g1 rc=0 wall usr sys busy rss=n/a
  local proxy=${TARGET_PIDS[i]}
  query=$(query_text "${CASE_QUERIES[c]}")
  g0=$(pg_ticks)
  [[ -z $proxy ]] || p0=$(proc_ticks "$proxy")
  m0=$(machine_snapshot)
  TIMEFORMAT='%3R %3U %3S'
  { time tpsql "$i" -c "$query" >/dev/null 2>"$BENCH_TMP/logs/psql.err"; } 2>"$BENCH_TMP/logs/psql.time" || rc=$?
  m1=$(machine_snapshot)
  g1=$(pg_ticks)
  [[ -z $proxy ]] || p1=$(proc_ticks "$proxy")
  read -r wall usr sys <"$BENCH_TMP/logs/psql.time"
  if [[ $rc != 0 ]]; then
    log "WARN: $name (round $round) failed with status $rc: $(head -c 300 "$BENCH_TMP/logs/psql.err")"
  fi
  ((round > 0)) || return 0
  busy=$(busy_cores "$m0" "$m1")
  [[ -z $proxy ]] || rss=$(peak_rss_kb "$proxy")
  ROW=$(awk -v r="$round" -v t="$name" -v w="$wall" -v cu="$usr" -v cs="$sys" -v p=$((p1 - p0)) -v g=$((g1 - g0)) \
    -v hz="$HZ" -v b="$busy" -v rss="$rss" -v rc="$rc" 'BEGIN {
      cli = cu + cs; prx = p / hz; pg = g / hz
      printf "%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t%s\t%.3f\t%s\t%s\n", r, t, w, cli, prx, pg, b, b - (cli + prx + pg) / w, rss, rc }')
  ROW_OTHER=$(cut -f8 <<<"$ROW")
  ROW_RC=$rc
  log "  round $round $name: ${wall}s, other load $ROW_OTHER cores"
}

# ------------------------------------------------------------------------------------- warm-up
# One unrecorded read per case (JIT, buffer pools). The masking gateway's whole masked output is checked once:
# no card and no address may remain in it.
LEAKED=$(tpsql 2 -c "$QUERY_MATCH" | grep -cE '4111 1111 1111 1111|5555-5555-5555-4444|378282246310005|6011 1111 1111 1117|@example\.com' || true)
[[ $LEAKED == 0 ]] || die "gateway-masking let $LEAKED rows with a card or an address through"
for c in "${!CASE_NAMES[@]}"; do read_case "$c" 0; done

# ------------------------------------------------------------------------------------- rounds
NC=${#CASE_NAMES[@]}
log "$ROUNDS rounds x $NC cases, $ROWS rows each"
RETRIES_LEFT=${RETRIES:-$(((ROUNDS * NC + 1) / 2))}
for ((round = 1; round <= ROUNDS; round++)); do
  if ((round % 2)); then order=$(seq 0 $((NC - 1))); else order=$(seq $((NC - 1)) -1 0); fi
  for c in $order; do measure read_case "$c" "$round"; done
done

# ------------------------------------------------------------------------------------- report
rss_start="gateway=${RSS_AT_START[gateway]} masking=${RSS_AT_START[gateway-masking]}"
TABLE=$(awk -F'\t' -v cases="${CASE_NAMES[*]}" -v rows="$ROWS" -v start="$rss_start" '
  function median(list,    a, n, i, j, tmp) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) { tmp = a[j]; a[j] = a[j - 1]; a[j - 1] = tmp }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function mb(kb) { return kb == "n/a" || kb == "" ? "n/a" : sprintf("%.1f", kb / 1024) }
  function ratio(a, b) { return a > 0 && b > 0 ? sprintf("%.3f", a / b) : "-" }
  NR == 1 { next }
  { c = $2; runs++; if ($8 > 0.25) disturbed++; if (!(c in other) || $8 + 0 > other[c]) other[c] = $8 + 0 }
  $10 != 0 { failed[c]++; next }
  { ok[c]++; w[c] = w[c] " " $3; cpu[c] += $5; rss[c] = $9 }
  END {
    n = split(start, S, " "); for (i = 1; i <= n; i++) { split(S[i], kv, "="); rss0[kv[1]] = kv[2] }
    nc = split(cases, C, " ")
    for (i = 1; i <= nc; i++) if (ok[C[i]]) m[C[i]] = median(w[C[i]])
    fmt = "| %-13s | %8s | %8s | %9s | %8s | %11s | %13s | %13s | %5s |\n"
    printf fmt, "case", "median s", "x direct", "x gateway", "Mrows/s", "proxy CPU s", "peak RSS MB 0", "peak RSS MB 1", "other"
    printf fmt, "-------------", "-------:", "-------:", "--------:", "-------:", "----------:", "------------:", "------------:", "----:"
    for (i = 1; i <= nc; i++) { c = C[i]; split(c, part, "/"); q = part[2]; t = part[1]
      if (!ok[c]) { printf fmt, c, "FAILED", "-", "-", "-", "-", "-", "-", "-"; continue }
      printf fmt, c (failed[c] ? "*" : ""), sprintf("%.2f", m[c]), ratio(m["direct/" q], m[c]),
        (t == "direct" ? "-" : ratio(m["gateway/" q], m[c])), sprintf("%.2f", rows / m[c] / 1e6),
        (t == "direct" ? "n/a" : sprintf("%.2f", cpu[c] / ok[c])), (t == "direct" ? "n/a" : mb(rss0[t])),
        (t == "direct" ? "n/a" : mb(rss[c])), sprintf("%.2f", other[c] > 0 ? other[c] : 0)
    }
    printf "\nmasking on (masking/match) vs direct: %s x (goal: at least 0.6)\n", ratio(m["direct/match"], m["masking/match"])
    printf "masking configured, nothing to mask (masking/plain) vs bare gateway: %s x (goal: at least 0.9)\n", ratio(m["gateway/plain"], m["masking/plain"])
    printf "\n%d of %d measured runs were disturbed (other load above 0.25 cores)\n", disturbed, runs
  }' "$RAW")
{
  echo "## Masking: $ROWS rows with a card and an e-mail address ($(date '+%Y-%m-%d %H:%M'))"
  echo
  describe_setup
  echo "- masking gateway's section: \`$MASKING_CONFIG\`"
  echo "- match: \`$(tr '\n' ' ' <<<"$QUERY_MATCH" | tr -s ' ')\`"
  echo "- plain: \`$(tr '\n' ' ' <<<"$QUERY_PLAIN" | tr -s ' ')\`"
  echo "- \`psql -X -At\` into /dev/null; $ROUNDS alternating rounds (ABBA) after one warm-up read per case"
  echo
  echo "$TABLE"
  echo
  echo "case = target/result: direct PostgreSQL, the bare gateway (no controls), the gateway with masking rules;"
  echo "match = cards and addresses in every row, plain = the same shape with nothing to mask. median s = median wall"
  echo "time of psql; x direct, x gateway = that target's time / this case's time for the same result (throughput"
  echo "ratio); proxy CPU s = user+system CPU of the gateway process per read; peak RSS MB 0/1 = the gateway's VmHWM"
  echo "after start-up, and after all reads; other = highest load, in cores, from other processes during any kept"
  echo "round; * = some rounds failed. Waited ${QUIET_WAITED}s for an idle machine; repeated $RETRIED disturbed runs."
} >"$REPORT"
echo
cat "$REPORT"
echo
log "results: $REPORT (raw rows: $RAW)"
((FAILED_RUNS == 0)) || die "$FAILED_RUNS measured runs failed"
