#!/usr/bin/env bash
# npm run test:deploy — proves deploy/ where no container engine runs:
#   1. builds the binary from exactly the files deploy/Dockerfile's build stage copies;
#   2. makes the image's root without Docker: a Debian minbase root from debootstrap (what
#      bookworm-slim is), then replays the Dockerfile's runtime stage in it (its RUN lines via chroot,
#      its COPY of the binary, its ENV, USER, WORKDIR, ENTRYPOINT/CMD, HEALTHCHECK — all read from
#      the Dockerfile by deploy/docker.ts, so the two cannot drift apart);
#   3. mounts /proc (the Bun runtime aborts without it) and runs PinFlow there as the image's non-root
#      user with /data: /health answers, the HEALTHCHECK command passes, a user signs in through the
#      built-in demo Pinterest, a pin is created through the API and published, it survives a restart,
#      SIGTERM stops the server with exit 0; without PINFLOW_EMULATOR=true it refuses to start;
#   4. runs `systemd-analyze verify` (any warning fails) and an offline `systemd-analyze security`
#      on deploy/*.service and deploy/*.timer.
#
# Prerequisites: root (chroot, mount), and the Debian packages debootstrap, curl and systemd
# (`apt-get install -y debootstrap curl systemd`), plus `npm install` done. The first run downloads a
# bookworm minbase from the Debian mirror (PINFLOW_DEBIAN_MIRROR, default http://deb.debian.org/debian)
# and caches it as deploy/.cache/debian-<suite>-minbase.tar (git-ignored); later runs need no network.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
BUN=${BUN:-$REPO/node_modules/.bin/bun}
CACHE=$REPO/deploy/.cache
MIRROR=${PINFLOW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEMO_ACCOUNT=2783136121146311751 # the emulator's first demo account, username pinflow_studio
DEMO_USERNAME=pinflow_studio

step() { printf '\n== %s\n' "$*"; }
ok() { printf '   ok: %s\n' "$*"; }
fail() {
  printf '\nFAIL: %s\n' "$*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root: debootstrap, chroot and mounting /proc need it"
for tool in debootstrap curl systemd-analyze mountpoint; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install -y debootstrap curl systemd)"
done
[ -x "$BUN" ] || fail "no Bun at $BUN: run npm install first"
CHROOT=$(command -v chroot)

WORK=$(mktemp -d /tmp/pinflow-test-deploy.XXXXXX)
ROOT=$WORK/root
PID=""
LOG=""

cleanup() {
  local rc=$?
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -KILL "$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  if mountpoint -q "$ROOT/proc" 2>/dev/null; then umount "$ROOT/proc" || umount -l "$ROOT/proc" || true; fi
  if mountpoint -q "$ROOT/proc" 2>/dev/null; then
    echo "left $WORK in place: $ROOT/proc is still mounted" >&2
  else
    rm -rf --one-file-system "$WORK"
  fi
  if [ "$rc" -eq 0 ]; then echo $'\ntest:deploy passed'; else echo $'\ntest:deploy FAILED' >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- the Dockerfile, as data
eval "$("$BUN" deploy/docker.ts shell)"
case "$IMG_BASE" in
  debian:bookworm*) SUITE=bookworm ;;
  *) fail "deploy/Dockerfile's runtime base is $IMG_BASE; this test knows how to make Debian bookworm roots only" ;;
esac

# ---------------------------------------------------------------- 1. the binary
step "build the binary from the files the Dockerfile's build stage copies"
CTX=$WORK/context
mkdir -p "$CTX"
for copy in "${IMG_BUILD_COPIES[@]}"; do
  dest=${copy##*:}
  mkdir -p "$CTX/$dest"
  for src in ${copy%:*}; do
    # as COPY does: a folder's contents go into the destination, a file goes into it by name
    if [ -d "$REPO/$src" ]; then cp -a "$REPO/$src/." "$CTX/$dest/"; else cp -a "$REPO/$src" "$CTX/$dest/"; fi
  done
done
ln -s "$REPO/node_modules" "$CTX/node_modules" # stands in for the build stage's `bun install`
(cd "$CTX" && "$BUN" run build.ts "$WORK/pinflow") || fail "the build failed in a context holding only the Dockerfile's COPY set"
ok "built $(du -h "$WORK/pinflow" | cut -f1) $("$WORK/pinflow" --version)"

# ---------------------------------------------------------------- 2. the image's root
BASE_TAR=$CACHE/debian-$SUITE-minbase.tar
if [ ! -s "$BASE_TAR" ]; then
  step "first run: debootstrap --variant=minbase $SUITE from $MIRROR (cached in ${BASE_TAR#"$REPO"/})"
  mkdir -p "$CACHE"
  if ! debootstrap --variant=minbase "$SUITE" "$WORK/debootstrap" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
    tail -n 30 "$WORK/debootstrap.log" >&2
    fail "debootstrap failed: is $MIRROR reachable? (set PINFLOW_DEBIAN_MIRROR for another mirror)"
  fi
  tar -C "$WORK/debootstrap" --numeric-owner -cf "$BASE_TAR.part" .
  mv "$BASE_TAR.part" "$BASE_TAR"
  rm -rf --one-file-system "$WORK/debootstrap"
fi
step "replay the Dockerfile's runtime stage ($IMG_BASE) on a fresh copy of the cached $SUITE minbase"
mkdir "$ROOT"
tar -C "$ROOT" --numeric-owner -xpf "$BASE_TAR"
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin # what Docker gives a Linux container
BUILD_ENV=(PATH=$DEFAULT_PATH)
for s in "${IMG_STEPS[@]}"; do
  kind=${s%%:*}
  arg=${s#*:}
  case "$kind" in
    run)
      printf '   RUN %s\n' "$arg"
      env -i "${BUILD_ENV[@]}" "$CHROOT" "$ROOT" /bin/sh -c "$arg" || fail "RUN failed: $arg"
      ;;
    copy)
      read -r from src dest <<<"$arg"
      [ "$from" = build ] || fail "COPY --from=$from: the replay only knows the build stage"
      printf '   COPY --from=build %s %s\n' "$src" "$dest"
      install -D -m 0755 -o 0 -g 0 "$WORK/pinflow" "$ROOT$dest"
      ;;
    env) BUILD_ENV+=("$arg") ;;
  esac
done

USER_UID=$("$CHROOT" "$ROOT" id -u "$IMG_USER") || fail "USER $IMG_USER does not exist in the image"
USER_GID=$("$CHROOT" "$ROOT" id -g "$IMG_USER")
USER_HOME=$("$CHROOT" "$ROOT" getent passwd "$IMG_USER" | cut -d: -f6)
[ "$USER_UID" != 0 ] || fail "USER $IMG_USER is root"
[ "$(stat -c %u "$ROOT$IMG_VOLUME")" = "$USER_UID" ] || fail "VOLUME $IMG_VOLUME is not owned by $IMG_USER"
ok "user $IMG_USER is uid $USER_UID, owns $IMG_VOLUME; the binary is $(stat -c '%A %U' "$ROOT${IMG_ENTRYPOINT[0]}")"

mount -t proc proc "$ROOT/proc"

# `docker run` / `docker exec`: the image's ENV (plus PATH and HOME as Docker sets them), the user, the
# working directory, then the command. Extra VAR=value arguments come first, like `-e`; an exec into a
# running container inherits the container's, so the CLI calls below pass RUN_ENV too.
IMAGE_ENV=(PATH=$DEFAULT_PATH HOME=$USER_HOME "${IMG_ENV[@]}")
image_command() {
  local extra=()
  while [[ $# -gt 0 && $1 == *=* && $1 != /* ]]; do
    extra+=("$1")
    shift
  done
  COMMAND=(env -i "${IMAGE_ENV[@]}" "${extra[@]}" "$CHROOT" --userspec="$USER_UID:$USER_GID" --groups="$USER_GID"
    "$ROOT" /usr/bin/env --chdir="$IMG_WORKDIR" "$@")
}
# Every program in the chain execs the next, so a background job's $! is PinFlow's own pid.
in_image() {
  image_command "$@"
  "${COMMAND[@]}"
}

PORT=$("$BUN" -e 'const s = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response() }); console.log(s.port); s.stop(true);')
URL=http://127.0.0.1:$PORT
RUN_ENV=(PINFLOW_PORT="$PORT" PINFLOW_EMULATOR=true) # as a user trying the demo would set them

start_server() {
  LOG=$WORK/server-$1.log
  image_command "${RUN_ENV[@]}" "${IMG_ENTRYPOINT[@]}" "${IMG_CMD[@]}"
  "${COMMAND[@]}" >"$LOG" 2>&1 &
  PID=$!
  wait_for "/health to answer 200" 30 curl -fsS -o /dev/null "$URL/health"
  [ "$(readlink "/proc/$PID/exe")" = "$ROOT${IMG_ENTRYPOINT[0]}" ] ||
    fail "pid $PID is $(readlink "/proc/$PID/exe"), not PinFlow: the stop signal would not reach it"
}

stop_server() {
  kill -s "$IMG_STOPSIGNAL" "$PID"
  local rc=0
  wait "$PID" || rc=$?
  PID=""
  [ "$rc" = 0 ] || {
    cat "$LOG"
    fail "STOPSIGNAL $IMG_STOPSIGNAL ended the server with exit $rc, not 0"
  }
  grep -q '"msg":"stopped"' "$LOG" || fail "the server did not log its clean stop"
}

wait_for() {
  local what=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    if [ -n "$PID" ] && ! kill -0 "$PID" 2>/dev/null; then
      cat "$LOG" >&2
      fail "the server exited while waiting for $what"
    fi
    [ "$SECONDS" -lt "$deadline" ] || {
      cat "$LOG" >&2
      fail "timed out waiting for $what"
    }
    sleep 0.2
  done
}

json() { "$BUN" -e "const v = JSON.parse(await Bun.stdin.text()); console.log(v$1);"; }
api() { curl -fsS -H "Authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }

# ---------------------------------------------------------------- 3. run it
step "without PINFLOW_EMULATOR=true and without a Pinterest app, the image refuses to start (DESIGN §7)"
rc=0
refusal=$(in_image PINFLOW_PORT="$PORT" "${IMG_ENTRYPOINT[@]}" "${IMG_CMD[@]}" 2>&1) || rc=$?
[ "$rc" = 2 ] && grep -q "Refusing emulator mode on 0.0.0.0" <<<"$refusal" || fail "expected a refusal, got exit $rc: $refusal"
ok "exit 2: $refusal"

step "start it as $IMG_USER: ${IMG_ENTRYPOINT[*]} ${IMG_CMD[*]} (with ${RUN_ENV[*]})"
start_server first
ok "$(curl -fsS "$URL/health")"
in_image PINFLOW_PORT="$PORT" "${IMG_HEALTHCHECK[@]}" >/dev/null || fail "the HEALTHCHECK command failed on a healthy server"
ok "HEALTHCHECK ${IMG_HEALTHCHECK[*]} exits 0"
owner=$(stat -c '%u %a' "$ROOT$IMG_VOLUME/pinflow.db" "$ROOT$IMG_VOLUME/secret.key" | tr '\n' ' ')
[ "$owner" = "$USER_UID 644 $USER_UID 600 " ] || [ "$owner" = "$USER_UID 600 $USER_UID 600 " ] || fail "data files: $owner"
ok "pinflow.db and secret.key (0600) in $IMG_VOLUME belong to $IMG_USER"

step "sign in through the built-in demo Pinterest, get an API key from the CLI, create a pin"
JAR=$WORK/cookies
authorize=$(curl -fsS -o /dev/null -c "$JAR" -w '%{redirect_url}' "$URL/auth/login")
[[ $authorize == "$URL/emulator/pinterest/oauth/?"* ]] || fail "/auth/login sent us to $authorize"
callback=$(curl -fsS -o /dev/null -w '%{redirect_url}' --data "${authorize#*\?}&account_id=$DEMO_ACCOUNT" "${authorize%%\?*}")
curl -fsS -o /dev/null -b "$JAR" -c "$JAR" "$callback"
grep -q $'\tsession\t' "$JAR" || fail "no session cookie after the OAuth callback"
KEY=$(in_image "${RUN_ENV[@]}" "${IMG_ENTRYPOINT[@]}" keys create --user "$DEMO_USERNAME" --name test-deploy | grep -o 'sk_pinflow_[0-9a-f]\{64\}') ||
  fail "pinflow keys create did not print a key"
ok "signed in as $DEMO_USERNAME; API key from \`pinflow keys create\` run in the image"
BOARD=$(api "$URL/boards" | json '.items[0].id')
PIN=$(api "$URL/pins" -d "{\"board_id\":\"$BOARD\",\"media_url\":\"https://example.com/deploy.jpg\",\"title\":\"Survives a restart\"}" | json '.id')
ok "pin $PIN created on board $BOARD"
published() { [ "$(api "$URL/pins/$PIN" | json '.status')" = published ]; }
wait_for "pin $PIN to be published" 30 published
ok "pin $PIN published by the scheduler"

step "$IMG_STOPSIGNAL stops it with exit 0; the pin survives a restart"
stop_server
ok "exit 0 after $IMG_STOPSIGNAL"
rc=0
in_image PINFLOW_PORT="$PORT" "${IMG_HEALTHCHECK[@]}" >/dev/null 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "the HEALTHCHECK command exited $rc with no server (expected 1)"
ok "HEALTHCHECK exits 1 while it is down"
start_server second
[ "$(api "$URL/pins/$PIN" | json '.title + " / " + v.status')" = "Survives a restart / published" ] ||
  fail "pin $PIN is not there after the restart"
ok "pin $PIN is still there, published"
in_image "${RUN_ENV[@]}" "${IMG_ENTRYPOINT[@]}" backup "$IMG_VOLUME/backups/" --keep 3 >/dev/null || fail "pinflow backup failed in the image"
ok "pinflow backup $IMG_VOLUME/backups/ --keep 3 works as $IMG_USER while serving"
stop_server
ok "exit 0 after $IMG_STOPSIGNAL"

# ---------------------------------------------------------------- 4. systemd units
step "systemd-analyze verify deploy/*.service deploy/*.timer"
UNITS_ROOT=$WORK/systemd-root
mkdir -p "$UNITS_ROOT/etc/systemd/system" "$UNITS_ROOT/usr/lib/systemd" "$UNITS_ROOT/usr/local/bin"
cp -a /usr/lib/systemd/system "$UNITS_ROOT/usr/lib/systemd/" # the stock targets the units refer to
install -m 0755 "$WORK/pinflow" "$UNITS_ROOT/usr/local/bin/pinflow"
units=()
for unit in deploy/*.service deploy/*.timer; do
  cp "$unit" "$UNITS_ROOT/etc/systemd/system/"
  units+=("$(basename "$unit")")
done
# verify exits 0 on unknown keys and bad values (it only warns), so any output at all is a failure.
out=$(systemd-analyze verify --root="$UNITS_ROOT" "${units[@]}" 2>&1) || fail "systemd-analyze verify: $out"
[ -z "$out" ] || fail "systemd-analyze verify warned: $out"
ok "verify: ${units[*]}"
for unit in "${units[@]}"; do
  [[ $unit == *.service ]] || continue
  out=$(systemd-analyze security --offline=true --threshold=40 --root="$UNITS_ROOT" "$unit" 2>&1) ||
    fail "$unit is exposed more than 4.0: $out"
  ok "security: $(grep -o 'Overall exposure level.*' <<<"$out")"
done
