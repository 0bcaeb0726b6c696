#!/usr/bin/env bash
# deploy/scale/test.sh: several instances proven correct together (issue 17, decision 0811).
#
# Starts the split topology of `./murmur up --api 2 --workers 2` (deploy/lib/scale.sh) from the
# packaged app, on its own Kafka, anvil and a fresh PostgreSQL database, then:
#   1. posts and likes through both api instances (and sign-ups through haproxy);
#   2. SIGKILLs worker-1 while likes arrive and are applied, lets its partitions move to worker-2,
#      restarts it;
#   3. checks both api instances ran outbox relays (each published events);
#   4. keeps a live stream (SSE /api/live) open on api-1, and a headless Chromium logged in on api-1
#      (deploy/scale/live-browser.mjs), and both see a post made through api-2;
#   5. checks every engagement was credited exactly once, no creator's events were applied out of
#      order, and the ledger invariants;
#   6. starts a second settler by mistake: it stands by (lease), and one settle transaction is sent;
#   7. funds, closes the period, settles a batch and audits it (./murmur audit batch 1).
# Traffic stays on 127.0.0.1. ./murmur test runs it after the Maven tests (which package the app).
# Logs: target/scale-test/logs. Exit 0 when every check passed.
set -euo pipefail

MURMUR_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
export MURMUR_ROOT
# Its own state (Kafka data, anvil state, logs, run files), apart from a running ./murmur up.
export MURMUR_HOME="$MURMUR_ROOT/target/scale-test"

# shellcheck source=deploy/lib/common.sh
. "$MURMUR_ROOT/deploy/lib/common.sh"
# shellcheck source=deploy/lib/jdk.sh
. "$MURMUR_ROOT/deploy/lib/jdk.sh"
# shellcheck source=deploy/lib/pg.sh
. "$MURMUR_ROOT/deploy/lib/pg.sh"
# shellcheck source=deploy/lib/kafka.sh
. "$MURMUR_ROOT/deploy/lib/kafka.sh"
# shellcheck source=deploy/lib/anvil.sh
. "$MURMUR_ROOT/deploy/lib/anvil.sh"
# shellcheck source=deploy/lib/app.sh
. "$MURMUR_ROOT/deploy/lib/app.sh"
# shellcheck source=deploy/lib/scale.sh
. "$MURMUR_ROOT/deploy/lib/scale.sh"
# shellcheck source=deploy/lib/web.sh
. "$MURMUR_ROOT/deploy/lib/web.sh"

# The broker's jars are the checkout's (.murmur/kafka/libs, fetched once), not fetched again here.
MURMUR_KAFKA_HOME="$MURMUR_ROOT/.murmur/kafka"
MURMUR_KAFKA_LIBS="$MURMUR_KAFKA_HOME/libs"
MURMUR_PG_DB="murmur_scale_test_$$"
unset MURMUR_KAFKA_PORT MURMUR_HTTP_PORT MURMUR_MANAGEMENT_PORT MURMUR_ROLE MURMUR_CHAIN_PAYOUTS_ADDRESS MURMUR_APP_JAVA_OPTS

# The world: CREATORS x POSTS posts, each liked by every reader; each reader then unlikes UNLIKES
# posts. 8 likes of one creator (16 credits) stay under the daily cap per reader and creator (20).
CREATORS=6
POSTS=8
READERS=24
UNLIKES=2
PASSWORD="scale-test-password-1"
# anvil's well-known dev keys 2-4: the wallets of the first creators (worthless anywhere else).
WALLET_KEYS=(0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3ba5fa6c95b1e8fe
  0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6
  0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a)

FAILURES=0
CHECKS=0
SSE_PID=""
BROWSER_PID=""

check() { # check DESCRIPTION EXPECTED ACTUAL
  CHECKS=$((CHECKS + 1))
  if [ "$2" = "$3" ]; then
    murmur_say "ok    $1 ($3)"
  else
    murmur_err "FAIL  $1: expected $2, got $3"
    FAILURES=$((FAILURES + 1))
  fi
}

check_true() { # check_true DESCRIPTION COMMAND...
  local what=$1
  shift
  CHECKS=$((CHECKS + 1))
  if "$@"; then
    murmur_say "ok    $what"
  else
    murmur_err "FAIL  $what"
    FAILURES=$((FAILURES + 1))
  fi
}

finish() {
  local status=$?
  trap '' INT TERM HUP
  if [ -n "$SSE_PID" ]; then kill "$SSE_PID" 2>/dev/null || true; fi
  if [ -n "$BROWSER_PID" ]; then kill "$BROWSER_PID" 2>/dev/null || true; fi
  murmur_stop_all >/dev/null
  murmur_pg_drop_db >/dev/null 2>&1 || true
  exit "$status"
}

sql() { # sql QUERY: one value (or rows, |-separated) from the test's database
  psql -X -q -w -tA -v ON_ERROR_STOP=1 -h "$MURMUR_PG_HOST" -p "$MURMUR_PG_PORT" -U "$MURMUR_PG_ADMIN_USER" \
    -d "$MURMUR_PG_DB" -c "$1"
}

http() { # http METHOD URL [TOKEN] [JSON]: print the body; fail on a status outside 2xx
  local method=$1 url=$2 token=${3:-} body=${4:-} args=(-s -m 30 -X "$1" -o "$MURMUR_RUN/http.body" -w '%{http_code}')
  if [ -n "$token" ]; then args+=(-H "Authorization: Bearer $token"); fi
  if [ -n "$body" ]; then args+=(-H 'content-type: application/json' -d "$body"); fi
  local status
  status=$(curl "${args[@]}" "$url") || status=000
  case $status in
    2??) cat "$MURMUR_RUN/http.body" ;;
    *)
      murmur_err "$method $url answered $status: $(head -c 600 "$MURMUR_RUN/http.body" 2>/dev/null)"
      return 1
      ;;
  esac
}

metric() { # metric MANAGEMENT_URL NAME [LABEL_FILTER]: the sum of a Prometheus metric's samples
  curl -s -m 10 "$1/metrics" | awk -v name="$2" -v filter="${3:-}" '
    $1 ~ "^" name "({|$)" && index($0, filter) { sum += $NF; found = 1 }
    END { if (found) printf "%d\n", sum; else print "absent" }'
}

metric_present() { # metric_present MANAGEMENT_URL NAME: whether the process exports the metric yet
  [ "$(metric "$1" "$2")" != absent ]
}
management_of() { cat "$MURMUR_RUN/$1.management"; }
url_of() { # the HTTP URL of an api process, from MURMUR_SCALE_APIS
  local entry name url mgmt
  for entry in "${MURMUR_SCALE_APIS[@]}"; do
    read -r name url mgmt <<<"$entry"
    if [ "$name" = "$1" ]; then printf '%s\n' "$url"; fi
  done
}

# curl_batch FILE: run the requests of a curl config file, 8 at a time; fail unless all answered 200.
curl_batch() {
  local codes bad
  # Each request starts with "next" (request_line); the first one has nothing to separate.
  codes=$(sed 1d "$1" | curl -s --no-progress-meter --parallel --parallel-max 8 -K - 2>>"$MURMUR_LOGS/curl.log") || true
  bad=$(printf '%s\n' "$codes" | grep -cv '^200$' || true)
  if [ "$bad" != 0 ]; then
    murmur_err "$bad requests of $1 did not answer 200: $(printf '%s\n' "$codes" | sort | uniq -c | tr '\n' ' ')"
    murmur_tail "$MURMUR_LOGS/curl.log" 5
    return 1
  fi
}

# request_line METHOD URL TOKEN: one request of a curl config file.
request_line() {
  printf 'next\nurl = "%s"\nrequest = "%s"\nheader = "Authorization: Bearer %s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\n' "$2" "$1" "$3"
}

sign_up() { # sign_up BASE HANDLE: create the account, print a token
  http POST "$1/api/accounts" "" "{\"handle\":\"$2\",\"displayName\":\"$2\",\"password\":\"$PASSWORD\"}" >/dev/null
  http POST "$1/api/auth/login" "" "{\"handle\":\"$2\",\"password\":\"$PASSWORD\"}" | jq -r .token
}

rpc() { # rpc METHOD PARAMS_JSON: a JSON-RPC call to anvil; print the result
  curl -s -m 30 -H 'content-type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" "$MURMUR_CHAIN_RPC" | jq -r '.result // error(.error.message)'
}

selector() { # selector SIGNATURE: the 4-byte function selector, from anvil's keccak (web3_sha3)
  local hex
  hex=$(printf '%s' "$1" | od -An -tx1 | tr -d ' \n')
  rpc web3_sha3 "[\"0x$hex\"]" | cut -c1-10
}

word() { printf '%064x' "$1"; }
address_word() { printf '%064s' "${1#0x}" | tr ' ' 0; }

send_from_operator() { # send_from_operator TO DATA: a transaction from anvil's unlocked account 0; wait for it
  local hash status
  hash=$(rpc eth_sendTransaction "[{\"from\":\"$OPERATOR\",\"to\":\"$1\",\"data\":\"$2\"}]")
  status=$(rpc eth_getTransactionReceipt "[\"$hash\"]" | jq -r .status)
  [ "$status" = 0x1 ] || { murmur_err "transaction $hash to $1 failed (status $status)"; return 1; }
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: until COMMAND succeeds
  local timeout=$1 what=$2 waited=0
  shift 2
  until "$@"; do
    if [ "$waited" -ge "$timeout" ]; then
      murmur_err "timed out after ${timeout}s waiting for $what"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

# ---------------------------------------------------------------- the stack

murmur_find_jdk >/dev/null || exit 1
murmur_apt_ensure jq jq || exit 1
murmur_apt_ensure haproxy haproxy || exit 1
rm -rf "$MURMUR_HOME"
murmur_prepare_dirs
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

murmur_pg_require || exit 1
murmur_app_ensure_built || exit 1
murmur_npm_ensure || exit 1
murmur_pg_ensure_db || exit 1
murmur_kafka_ensure_libs || exit 1
murmur_kafka_start || exit 1
murmur_anvil_start || exit 1

# Small heaps and a short consumer session, so a killed worker's partitions move in seconds (the
# default, 45 s, is what production keeps). No rate limits: they are per process and per address,
# and every request of this test comes from 127.0.0.1. Credits in full for brand-new accounts.
MURMUR_SCALE_APP_JAVA_OPTS="-Xmx320m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ActiveProcessorCount=1"
for channel in engagements notifications trend-posts; do
  MURMUR_SCALE_APP_JAVA_OPTS+=" -Dmp.messaging.incoming.$channel.session.timeout.ms=6000"
  MURMUR_SCALE_APP_JAVA_OPTS+=" -Dmp.messaging.incoming.$channel.heartbeat.interval.ms=1000"
done
export MURMUR_SCALE_APP_JAVA_OPTS
common_env=(
  "QUARKUS_DATASOURCE_JDBC_URL=$(murmur_pg_jdbc_url)"
  "QUARKUS_DATASOURCE_USERNAME=$MURMUR_PG_USER"
  "QUARKUS_DATASOURCE_PASSWORD=$MURMUR_PG_PASSWORD"
  "KAFKA_BOOTSTRAP_SERVERS=$MURMUR_KAFKA_BOOTSTRAP"
  "MURMUR_LIMITS_ENABLED=false"
  "MURMUR_REWARD_NEW_ACCOUNT_AGE=PT0S"
  "MURMUR_REWARD_EMPTY_ACCOUNT_PERCENT=100"
  "MURMUR_SETTLEMENT_DRIVER_INTERVAL=1s"
)
MURMUR_SCALE_API_ENV=("MURMUR_BOOTSTRAP_ADMIN_HANDLE=admin" "MURMUR_BOOTSTRAP_ADMIN_PASSWORD=$PASSWORD")
public_port=$(murmur_free_port 18080) || exit 1
murmur_scale_start 2 2 "$public_port" "${common_env[@]}" || exit 1
LB=$MURMUR_APP_URL
API1=$(url_of api-1)
API2=$(url_of api-2)
murmur_say "topology up: haproxy $LB -> api-1 $API1, api-2 $API2; worker-1, worker-2; settler"

engagement_partitions() { # engagement_partitions WORKER: partitions of murmur.engagements it consumes (0 if none)
  local n
  n=$(metric "$(management_of "$1")" kafka_consumer_coordinator_assigned_partitions 'client_id="kafka-consumer-engagements"')
  if [ "$n" = absent ]; then echo 0; else echo "$n"; fi
}
spread() {
  local p1 p2
  p1=$(engagement_partitions worker-1)
  p2=$(engagement_partitions worker-2)
  [ "$p1" -gt 0 ] && [ "$p2" -gt 0 ] && [ $((p1 + p2)) = "$(murmur_scale_partitions 2)" ]
}
wait_for 60 "both workers to share the partitions of murmur.engagements" spread || true
check "partitions of murmur.engagements consumed by worker-1 and worker-2" "$(murmur_scale_partitions 2)" \
  "$(($(engagement_partitions worker-1) + $(engagement_partitions worker-2)))"
check_true "both workers consume murmur.engagements" spread
check_true "api processes hold no chain key" grep -q 'read only (no chain key in this role)' \
  "$MURMUR_LOGS/api-1.log" "$MURMUR_LOGS/api-2.log"
check "the settler signs" "1" "$(metric "$(management_of settler)" murmur_settler_lease_held)"

# ---------------------------------------------------------------- accounts and posts

murmur_say "signing up $CREATORS creators, $READERS readers and a viewer through haproxy ..."
declare -a CREATOR_TOKENS READER_TOKENS CREATOR_IDS
for ((c = 0; c < CREATORS; c++)); do
  CREATOR_TOKENS[c]=$(sign_up "$LB" "creator$c")
  CREATOR_IDS[c]=$(http GET "$LB/api/accounts/me" "${CREATOR_TOKENS[c]}" | jq -r .id)
done
for ((r = 0; r < READERS; r++)); do
  READER_TOKENS[r]=$(sign_up "$LB" "reader$r")
done
VIEWER=$(sign_up "$LB" viewer)
http PUT "$LB/api/accounts/creator0/follow" "$VIEWER" >/dev/null
http PUT "$LB/api/accounts/creator1/follow" "$VIEWER" >/dev/null

# The live stream: the viewer follows creator1, on api-1; creator1 posts through api-2.
curl -s -N -m 600 -H "Authorization: Bearer $VIEWER" -H 'Accept: text/event-stream' "$API1/api/live" \
  >"$MURMUR_RUN/live.sse" 2>/dev/null &
SSE_PID=$!
wait_for 20 "the live stream on api-1 to open" grep -q '^event: *notification' "$MURMUR_RUN/live.sse"

murmur_say "posting $((CREATORS * POSTS)) posts, creators alternating between api-1 and api-2 ..."
POST_IDS=()
declare -A POST_CREATOR
for ((p = 0; p < POSTS; p++)); do
  for ((c = 0; c < CREATORS; c++)); do
    if [ $((c % 2)) = 0 ]; then base=$API1; else base=$API2; fi
    id=$(http POST "$base/api/posts" "${CREATOR_TOKENS[c]}" "{\"text\":\"post $p of creator $c #scale\"}" | jq -r .id)
    POST_IDS+=("$id")
    POST_CREATOR[$id]=$c
  done
done
# A real browser too: headless Chromium logged in on api-1's own port (not haproxy), home open.
murmur_web_test_tools >/dev/null
rm -f "$MURMUR_RUN/browser.ready" "$MURMUR_RUN/browser.posted"
node "$MURMUR_ROOT/deploy/scale/live-browser.mjs" "$API1" viewer "$PASSWORD" "$MURMUR_RUN/browser.ready" \
  "$MURMUR_RUN/browser.posted" "live: made through api-2" "$MURMUR_LOGS/live-browser.png" \
  >"$MURMUR_LOGS/live-browser.log" 2>&1 &
BROWSER_PID=$!
wait_for 60 "the browser on api-1 to show home with its live stream open" test -s "$MURMUR_RUN/browser.ready" || true
sent_at=$(date +%s%3N)
live_post=$(http POST "$API2/api/posts" "${CREATOR_TOKENS[1]}" '{"text":"live: made through api-2"}' | jq -r .id)
printf '%s %s\n' "$sent_at" "$live_post" >"$MURMUR_RUN/browser.posted"
wait_for 30 "the post made through api-2 on api-1's live stream" \
  grep -q "\"postId\":$live_post[,}]" "$MURMUR_RUN/live.sse"
check "live stream on api-1 got the post made through api-2" "$live_post" \
  "$(grep -o "\"postId\":$live_post[,}]" "$MURMUR_RUN/live.sse" | head -n 1 | tr -dc '0-9')"
kill "$SSE_PID" 2>/dev/null || true
SSE_PID=""
browser_status=0
wait "$BROWSER_PID" || browser_status=$?
BROWSER_PID=""
check "a browser on api-1 got the post made through api-2 live, then showed it in home" 0 "$browser_status"
browser_ms=$(sed -n 's/^seen after \([0-9-]*\) ms.*/\1/p' "$MURMUR_LOGS/live-browser.log")
murmur_say "      the browser's page saw the post ${browser_ms:-?} ms after it was sent (log: $MURMUR_LOGS/live-browser.log)"
# Issue 13 asks for live updates within 2 s; the bound here leaves room for a loaded CI machine.
check_true "the browser saw it within 5 s (${browser_ms:-no figure} ms)" test "${browser_ms:-99999}" -le 5000

# ---------------------------------------------------------------- likes, with a worker killed

like_file() { # like_file FROM TO METHOD FILE: every post by readers FROM..TO-1, even readers via api-1
  local r id base
  : >"$4"
  for ((r = $1; r < $2; r++)); do
    if [ $((r % 2)) = 0 ]; then base=$API1; else base=$API2; fi
    for id in "${POST_IDS[@]}"; do
      request_line "$3" "$base/api/posts/$id/like" "${READER_TOKENS[r]}" >>"$4"
    done
  done
}
half=$((READERS / 2))
like_file 0 "$half" PUT "$MURMUR_RUN/likes-1.curl"
like_file "$half" "$READERS" PUT "$MURMUR_RUN/likes-2.curl"

murmur_say "liking: readers 0-$((half - 1)) ($((half * ${#POST_IDS[@]})) likes) ..."
curl_batch "$MURMUR_RUN/likes-1.curl"
# The second half goes out while worker-1 dies: SIGKILL once worker-1 or worker-2 applied some of it,
# so worker-1 may die with a batch applied but its offsets not committed, or mid-transaction.
applied_before=$(sql "select count(*) from journal_credit_line")
murmur_say "liking on: readers $half-$((READERS - 1)), in the background ..."
curl_batch "$MURMUR_RUN/likes-2.curl" &
likes2_pid=$!
some_of_the_second_half_applied() {
  [ "$(sql "select count(*) from journal_credit_line")" -ge $((applied_before + 40)) ]
}
wait_for 60 "the first likes of the second half to be applied" some_of_the_second_half_applied
worker1_pid=$(cat "$MURMUR_RUN/worker-1.pid")
murmur_say "SIGKILL worker-1 (pid $worker1_pid), $(sql "select count(*) from journal_credit_line") credit lines applied, likes still arriving"
murmur_signal_tree KILL "$worker1_pid"
check_true "second half of the likes sent while worker-1 died" wait "$likes2_pid"

# Undo: each reader unlikes UNLIKES posts, after their likes (a creator's REMOVED after its ADDED).
: >"$MURMUR_RUN/unlikes.curl"
UNLIKED=()
for ((r = 0; r < READERS; r++)); do
  if [ $((r % 2)) = 0 ]; then base=$API1; else base=$API2; fi
  for ((u = 0; u < UNLIKES; u++)); do
    id=${POST_IDS[(r * 7 + u * 13) % ${#POST_IDS[@]}]}
    request_line DELETE "$base/api/posts/$id/like" "${READER_TOKENS[r]}" >>"$MURMUR_RUN/unlikes.curl"
    UNLIKED+=("$id")
  done
done
curl_batch "$MURMUR_RUN/unlikes.curl"

# worker-2 alone takes every partition once worker-1's session expires (6 s here).
all_on_worker2() {
  local applied
  applied=$(sql "select count(*) from journal_credit_line")
  [ "$applied" -ge $((READERS * ${#POST_IDS[@]} + READERS * UNLIKES)) ]
}
wait_for 120 "worker-2 to apply every engagement alone" all_on_worker2
check_true "worker-2 applied what worker-1 held when it died (partitions rebalanced)" all_on_worker2
murmur_say "restarting worker-1 ..."
murmur_scale_worker_spawn worker-1 "${common_env[@]}"
murmur_app_wait_ready "$MURMUR_LAST_PID" worker-1
worker1_has_partitions() {
  local n
  n=$(engagement_partitions worker-1)
  [ "$n" -gt 0 ]
}
wait_for 60 "worker-1 to be assigned partitions of murmur-payout again" worker1_has_partitions || true
check_true "restarted worker-1 holds partitions of murmur-payout again" worker1_has_partitions

# After the restart: the viewer likes every post, half through each api instance.
: >"$MURMUR_RUN/likes-3.curl"
for ((i = 0; i < ${#POST_IDS[@]}; i++)); do
  if [ $((i % 2)) = 0 ]; then base=$API1; else base=$API2; fi
  request_line PUT "$base/api/posts/${POST_IDS[i]}/like" "$VIEWER" >>"$MURMUR_RUN/likes-3.curl"
done
curl_batch "$MURMUR_RUN/likes-3.curl"
all_applied() {
  [ "$(sql "select count(*) from journal_credit_line")" -ge $(((READERS + 1) * ${#POST_IDS[@]} + READERS * UNLIKES)) ]
}
wait_for 120 "every engagement to be applied" all_applied

# ---------------------------------------------------------------- what was applied

likes=$(((READERS + 1) * ${#POST_IDS[@]}))
unlikes=$((READERS * UNLIKES))
check "engagement events in the outbox" "$((likes + unlikes))" \
  "$(sql "select count(*) from outbox_event where topic = 'murmur.engagements'")"
check "outbox events left unpublished" 0 "$(sql "select count(*) from outbox_event where published_at is null")"
check "engagement events not applied exactly once" 0 "$(sql "
  select count(*) from outbox_event o
  where o.topic = 'murmur.engagements'
    and (select count(*) from processed_event p where p.event_id = o.id) <> 1")"
check "credit lines for events that are not engagements sent" 0 "$(sql "
  select count(*) from journal_credit_line l where not exists (select 1 from outbox_event o where o.id = l.event_id)")"
check "engagements refused by the worker" 0 "$(sql "select count(*) from rejected_event")"
check "credit lines (likes + reversals)" "$((likes + unlikes))" "$(sql "select count(*) from journal_credit_line")"

# Each creator's credits: 2 per like, minus 2 per unlike of one of their posts.
declare -A UNLIKES_OF
for id in "${UNLIKED[@]}"; do
  c=${POST_CREATOR[$id]}
  UNLIKES_OF[$c]=$((${UNLIKES_OF[$c]:-0} + 1))
done
for ((c = 0; c < CREATORS; c++)); do
  expected=$((2 * ((READERS + 1) * POSTS - ${UNLIKES_OF[$c]:-0})))
  check "creator$c credits in the ledger" "$expected" "$(sql "
    select coalesce(sum(amount), 0) from journal_posting
    where account_kind = 'CREATOR_CREDITS' and owner_id = ${CREATOR_IDS[c]} and unit = 'CREDIT'")"
done

# Order per creator: lines applied in the order the relays published the creator's events (a pass
# stamps its rows with one published_at and sends them in seq order; the passes of a lane follow one
# another). Not plain seq order: two API transactions for one creator may commit in the other order
# than their seq, and the relay sees a row only once it is committed (decision 0101). And every
# reversal after the credit it takes back: the causal order of one reader's like and unlike.
check "credit lines applied out of their creator's published order" 0 "$(sql "
  select count(*) from (
    select l.creator_id, l.recorded_at,
           max(l.recorded_at) over (partition by l.creator_id order by o.published_at, o.seq
                                    rows between unbounded preceding and 1 preceding) as latest_before
    from journal_credit_line l join outbox_event o on o.id = l.event_id) x
  where x.recorded_at < x.latest_before")"
check "reversals without the credit they take back, or before it" 0 "$(sql "
  select count(*) from journal_credit_line r
  left join journal_credit_line g on g.event_id = r.reverses
  where r.amount < 0 and (g.event_id is null or g.recorded_at > r.recorded_at or g.amount <> -r.amount)")"

# Ledger invariants (as PipelineProbe.assertLedgerInvariants).
check "journal entries that do not balance per unit" 0 "$(sql "
  select count(*) from (select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0) x")"
check "units whose postings do not sum to zero" 0 "$(sql "
  select count(*) from (select unit from journal_posting group by unit having sum(amount) <> 0) x")"

# ---------------------------------------------------------------- both api instances served and relayed

for api in api-1 api-2; do
  check_true "$api served likes" test "$(metric "$(management_of "$api")" http_server_requests_seconds_count 'uri="/api/posts/{id}/like"')" -gt 0
  check_true "$api relayed outbox events (murmur_outbox_published_total > 0)" \
    test "$(metric "$(management_of "$api")" murmur_outbox_published_total)" -gt 0
done
for proc in api-1 api-2 worker-1 worker-2 settler; do
  n=$(metric "$(management_of "$proc")" murmur_outbox_published_total)
  murmur_say "      $proc published $n outbox events"
done

# ---------------------------------------------------------------- a second settler, by mistake

murmur_say "starting a second settler by mistake ..."
murmur_scale_settler_start settler-2 "${common_env[@]}"
# The lease's gauge exists once the settler's loop has first asked for the lease, which can come a
# moment after the process reports ready.
wait_for 30 "the second settler's first lease attempt" metric_present "$(management_of settler-2)" murmur_settler_lease_held || true
check "second settler's murmur_settler_lease_held (standby)" 0 "$(metric "$(management_of settler-2)" murmur_settler_lease_held)"
check "first settler's murmur_settler_lease_held" 1 "$(metric "$(management_of settler)" murmur_settler_lease_held)"

# ---------------------------------------------------------------- a settlement batch, audited

murmur_say "settling: wallets, funding, period close, batch ..."
admin=$(http POST "$LB/api/auth/login" "" "{\"handle\":\"admin\",\"password\":\"$PASSWORD\"}" | jq -r .token)
operator_token=$(sign_up "$LB" operator)
http PUT "$LB/api/accounts/operator/roles/OPERATOR" "$admin" >/dev/null
for ((c = 0; c < ${#WALLET_KEYS[@]}; c++)); do
  MURMUR_WALLET_KEY=${WALLET_KEYS[c]} "$MURMUR_ROOT/murmur" wallet link --api "$LB" --token "${CREATOR_TOKENS[c]}" \
    >>"$MURMUR_LOGS/wallet-link.log" 2>&1 || { murmur_tail "$MURMUR_LOGS/wallet-link.log" 20; exit 1; }
done
OPERATOR=0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266
TOKEN=$(sed -n 's/.*MurmurTestToken at \(0x[0-9a-fA-F]\{40\}\).*/\1/p' "$MURMUR_LOGS/settler.log" | head -n 1)
PAYOUTS=$MURMUR_CHAIN_PAYOUTS_ADDRESS
budget=1000000000
send_from_operator "$TOKEN" "$(selector 'approve(address,uint256)')$(address_word "$PAYOUTS")$(word "$budget")"
send_from_operator "$PAYOUTS" "$(selector 'fundRewards(uint256)')$(word "$budget")"
period=$(http GET "$LB/api/operator/periods/current" "$operator_token" | jq -r .period.id)
http PUT "$LB/api/operator/periods/$period/budget" "$operator_token" "{\"budget\":$budget}" >/dev/null
http POST "$LB/api/operator/periods/$period/close" "$operator_token" >/dev/null
nonce_before=$(rpc eth_getTransactionCount "[\"$OPERATOR\",\"latest\"]")
batch=$(http POST "$LB/api/operator/settlement/batches" "$operator_token" | jq -r .id)
http POST "$LB/api/operator/settlement/batches/$batch/submit" "$operator_token" >/dev/null
batch_final() {
  local status
  status=$(http GET "$API2/api/operator/settlement/batches/$batch" "$operator_token" | jq -r .batch.status)
  [ "$status" = FINAL ]
}
wait_for 90 "batch $batch to be FINAL" batch_final
chain_batch=$(http GET "$API1/api/operator/settlement/batches/$batch" "$operator_token" | jq -r .batch.chainBatchId)
check "settle transactions signed for the batch" 1 "$(sql "select count(*) from settlement_tx where batch_id = $batch")"
check "operator transactions sent while two settlers ran" 1 \
  "$(($(rpc eth_getTransactionCount "[\"$OPERATOR\",\"latest\"]") - nonce_before))"
check "lease holder is the first settler" "$(cat "$MURMUR_RUN/settler.pid")" \
  "$(sql "select split_part(holder, '/', 2) from settler_lease")"
check "second settler's murmur_settler_lease_held after the batch (standby)" 0 \
  "$(metric "$(management_of settler-2)" murmur_settler_lease_held)"
check_true "the first settler moved the batch (SettleMachine lines in its log)" \
  grep -q 'settlement.batch.SettleMachine' "$MURMUR_LOGS/settler.log"
check_true "the second settler moved nothing (no SettleMachine line in its log)" \
  bash -c "! grep -q 'settlement.batch.SettleMachine' '$MURMUR_LOGS/settler-2.log'"
check "ledger invariants after settlement" 0 "$(sql "
  select count(*) from (select entry_id from journal_posting group by entry_id, unit having sum(amount) <> 0) x")"

murmur_say "auditing chain batch $chain_batch: ./murmur audit batch $chain_batch ..."
# --ledger: the auditor's own reconciliation against the journal, over JDBC.
if MURMUR_AUDIT_JDBC_URL=$(murmur_pg_jdbc_url) MURMUR_AUDIT_DB_USER=$MURMUR_PG_USER MURMUR_AUDIT_DB_PASSWORD=$MURMUR_PG_PASSWORD \
  "$MURMUR_ROOT/murmur" audit batch "$chain_batch" --rpc "$MURMUR_CHAIN_RPC" --contract "$PAYOUTS" \
  --manifest "$LB/api/batches/$chain_batch/manifest" --base-url "$LB" --ledger >"$MURMUR_LOGS/audit.log" 2>&1; then
  check "./murmur audit batch $chain_batch" passed passed
else
  murmur_tail "$MURMUR_LOGS/audit.log" 30
  check "./murmur audit batch $chain_batch" passed failed
fi

echo
if [ "$FAILURES" != 0 ]; then
  murmur_err "scaled topology: $FAILURES of $CHECKS checks failed (logs: ${MURMUR_LOGS#"$MURMUR_ROOT"/})"
  exit 1
fi
murmur_say "scaled topology: all $CHECKS checks passed"
