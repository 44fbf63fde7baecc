# shellcheck shell=bash
# Shared by up, down and status: where things live, logging, and process handling.
# Every service runs in its own session (setsid): its pid is its process group, so
# stopping it takes its workers along, and nothing is ever found or stopped by name.

HOST=127.0.0.1
STATE=${OPENSTACK_TEST_CLOUD_DIR:-/var/lib/openstack-clouds-test}
PY=/usr/bin/python3   # Debian's python: the OpenStack libraries are not in a pyenv/venv python on PATH
CLOUD_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLOUDS_YAML=$STATE/clouds.yaml
# Test-cloud secrets: fixed so that a kept state dir keeps working across restarts.
ADMIN_PASSWORD=admin-secret
SERVICE_PASSWORD=service-secret
TRANSPORT_URL=rabbit://guest:guest@$HOST:5672/
# RegionTwo: the same services again, reached on their own ports through a forwarder.
REGION_TWO_PORTS="9292:19292 8774:18774 9696:19696 8080:18080"

# keystoneauth/openstacksdk must see only the files we name.
unset OS_CLOUD OS_AUTH_URL OS_USERNAME OS_PASSWORD OS_PROJECT_NAME OS_TOKEN OS_AUTH_TYPE \
  OS_CLIENT_CONFIG_FILE OS_CLIENT_SECURE_FILE OS_REGION_NAME 2>/dev/null || true

log() { printf '[test-cloud %(%H:%M:%S)T] %s\n' -1 "$*"; }
die() { log "ERROR: $*" >&2; exit 1; }
elapsed() { echo $(( $(date +%s) - $1 )); }

# run/NAME.pid holds the pid, run/NAME.start its start time (clock ticks since boot, field
# 22 of /proc/PID/stat), which tells our process from an unrelated one that got the same
# pid later, e.g. after the machine's processes were ended between two runs.
pid_file() { echo "$STATE/run/$1.pid"; }
start_time() {
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -ra fields <<<"${stat##*) }"   # after "pid (comm) ": field 3 is index 0
  echo "${fields[19]}"
}
# recorded_pid NAME: the pid of NAME if that very process still runs
recorded_pid() {
  local f pid started
  f=$(pid_file "$1")
  [ -f "$f" ] || return 1
  read -r pid <"$f"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  if [ -f "$STATE/run/$1.start" ]; then
    read -r started <"$STATE/run/$1.start"
    [ "$(start_time "$pid")" = "$started" ] || return 1
  fi
  echo "$pid"
}
alive() { recorded_pid "$1" >/dev/null; }

# start NAME CMD...: run CMD detached in its own session, output to log/NAME.out.
# A no-op while NAME's recorded process is alive (up is idempotent).
start() {
  local name=$1; shift
  if alive "$name"; then log "$name already running (pid $(recorded_pid "$name"))"; return 0; fi
  # a background job is no group leader, so setsid does not fork: $! is the service
  setsid "$@" >>"$STATE/log/$name.out" 2>&1 </dev/null &
  echo $! >"$(pid_file "$name")"
  start_time $! >"$STATE/run/$name.start"
  log "started $name (pid $!)"
}

# answers CHECK: one probe, no waiting. CHECK is an http(s) URL (any HTTP status
# counts: the service is there), tcp:PORT, or "pid" (only the process is checked).
answers() {
  local name=$1 check=$2
  case $check in
    http*) [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$check" || true)" != 000 ] ;;
    tcp:*) (exec 3<>"/dev/tcp/$HOST/${check#tcp:}") 2>/dev/null ;;
    pid) alive "$name" ;;
    *) die "unknown check $check for $name" ;;
  esac
}

# wait_until_answers NAME CHECK [SECONDS]: poll; fail early with its log if the process died.
wait_until_answers() {
  local name=$1 check=$2 limit=${3:-150} t0=$SECONDS
  until answers "$name" "$check"; do
    if ! alive "$name"; then show_log_tail "$name"; die "$name died during start"; fi
    (( SECONDS - t0 < limit )) || { show_log_tail "$name"; die "$name did not answer ($check) within ${limit}s"; }
    sleep 0.3
  done
  log "$name answers ($check)"
}

show_log_tail() {
  local f
  for f in "$STATE/log/$1.out" "$STATE/log/$1.log"; do
    [ -s "$f" ] && { echo "--- tail $f" >&2; tail -25 "$f" >&2; }
  done
  return 0
}

# stop_groups NAME...: TERM each recorded process group, wait up to 20 s, then KILL.
stop_groups() {
  local name f pid pids=()
  for name in "$@"; do
    f=$(pid_file "$name")
    [ -f "$f" ] || continue
    if pid=$(recorded_pid "$name"); then
      # we started it with setsid, so pid == pgid; signal the group unless that changed
      if [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" = "$pid" ]; then kill -TERM -- "-$pid" 2>/dev/null
      else kill -TERM "$pid" 2>/dev/null; fi
      log "stopping $name (pid $pid)"
      pids+=("$pid")
    fi
    rm -f "$f" "$STATE/run/$name.start"
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  for _ in $(seq 80); do
    group_alive "${pids[@]}" || return 0
    sleep 0.25
  done
  for pid in "${pids[@]}"; do
    if pgrep -g "$pid" >/dev/null 2>&1; then log "killing process group $pid"; kill -KILL -- "-$pid" 2>/dev/null; fi
  done
}
group_alive() {
  local pid
  for pid in "$@"; do pgrep -g "$pid" >/dev/null 2>&1 && return 0; done
  return 1
}

# Markers make one-time steps (database creation, seeding) run once per state dir.
done_once() { [ -f "$STATE/run/done.$1" ]; }
mark_done() { touch "$STATE/run/done.$1"; }
