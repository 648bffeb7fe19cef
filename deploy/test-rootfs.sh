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
#      on deploy/*.service and deploy/*.timer;
#   5. if systemd-nspawn is installed (apt-get install systemd-container): installs the units into a
#      bookworm root with systemd as the README's systemd section says, boots it, and checks there that
#      the hardened service serves as its user, restarts after kill -9, stops cleanly, that the backup
#      service and timer work, and that the README's CLI recipe works. Skipped, saying so, without
#      systemd-nspawn or with PINFLOW_DEPLOY_SKIP_BOOT=1.
#
# Prerequisites: root (chroot, mount), and the Debian packages debootstrap, curl and systemd
# (`apt-get install -y debootstrap curl systemd`; systemd-container for step 5), plus `npm install`.
# The first run downloads bookworm roots from the Debian mirror (PINFLOW_DEBIAN_MIRROR, default
# http://deb.debian.org/debian) and caches them as deploy/.cache/debian-<suite>-*.tar (git-ignored);
# later runs need no network.
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
# cached_root NAME [--include=…]: a debootstrapped minbase root, made once and kept as a tarball.
cached_root() {
  local tar=$CACHE/debian-$SUITE-$1.tar
  shift
  if [ ! -s "$tar" ]; then
    step "first run: debootstrap --variant=minbase $* $SUITE from $MIRROR (cached in ${tar#"$REPO"/})" >&2
    mkdir -p "$CACHE"
    rm -rf --one-file-system "$WORK/debootstrap"
    if ! debootstrap --variant=minbase "$@" "$SUITE" "$WORK/debootstrap" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
      tail -n 30 "$WORK/debootstrap.log" >&2
      fail "debootstrap failed: is $MIRROR reachable? (set PINFLOW_DEBIAN_MIRROR for another mirror)"
    fi
    tar -C "$WORK/debootstrap" --numeric-owner -cf "$tar.part" .
    mv "$tar.part" "$tar"
    rm -rf --one-file-system "$WORK/debootstrap"
  fi
  echo "$tar"
}
BASE_TAR=$(cached_root minbase)
step "replay the Dockerfile's runtime stage ($IMG_BASE) on a fresh copy of the cached $SUITE minbase"
mkdir "$ROOT"
tar -C "$ROOT" --numeric-owner -xpf "$BASE_TAR"
DEFAULT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin # what Docker gives a Linux container
BUILD_ENV=("PATH=$DEFAULT_PATH")
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
IMAGE_ENV=("PATH=$DEFAULT_PATH" "HOME=$USER_HOME" "${IMG_ENV[@]}")
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
step "without PINFLOW_EMULATOR=true and without a Pinterest app, the image refuses to start (docs/emulator.md)"
rc=0
refusal=$(in_image PINFLOW_PORT="$PORT" "${IMG_ENTRYPOINT[@]}" "${IMG_CMD[@]}" 2>&1) || rc=$?
if [ "$rc" != 2 ] || ! grep -q "Refusing emulator mode on 0.0.0.0" <<<"$refusal"; then
  fail "expected a refusal, got exit $rc: $refusal"
fi
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
  out=$(systemd-analyze security --offline=true --threshold=20 --root="$UNITS_ROOT" "$unit" 2>&1) ||
    fail "$unit is exposed more than 2.0: $out"
  ok "security: $(grep -o 'Overall exposure level.*' <<<"$out")"
done

# ---------------------------------------------------------------- 5. the units under systemd
if ! command -v systemd-nspawn >/dev/null || [ -n "${PINFLOW_DEPLOY_SKIP_BOOT:-}" ]; then
  step "skipped: booting the units under systemd (needs systemd-nspawn: apt-get install -y systemd-container)"
  exit 0
fi
step "install the units as the README says into a bookworm root with systemd, boot it, walk the service"
SYSTEMD_TAR=$(cached_root systemd --include=systemd,systemd-sysv,dbus)
SD=$WORK/systemd-boot
mkdir "$SD"
tar -C "$SD" --numeric-owner -xpf "$SYSTEMD_TAR"
BIN=$(sed -n 's/^ExecStart=\([^ ]*\) serve$/\1/p' deploy/pinflow.service)
install -m 0755 "$WORK/pinflow" "$SD$BIN"
"$CHROOT" "$SD" useradd --system --home-dir /var/lib/pinflow --no-create-home --shell /usr/sbin/nologin pinflow
install -d -m 0755 "$SD/etc/pinflow"
install -m 0640 -g "$("$CHROOT" "$SD" id -g pinflow)" deploy/pinflow.env.example "$SD/etc/pinflow/pinflow.env"
install -m 0644 deploy/pinflow.service deploy/pinflow-backup.service deploy/pinflow-backup.timer "$SD/etc/systemd/system/"
systemctl --root="$SD" --quiet enable pinflow.service pinflow-backup.timer
# the README's `pf` CLI recipe, verbatim; minbase has no sudo, so a shim maps `sudo -u U` to runuser
PF=$(grep -m1 '^pf() {' README.md) || fail "README.md has no pf() recipe"
# shellcheck disable=SC2016 # the shim's own $1, $2 and $@
printf '#!/bin/sh\n[ "$1" = -u ] && { u=$2; shift 2; exec runuser -u "$u" -- "$@"; }\nexec "$@"\n' >"$SD/usr/local/bin/sudo"
chmod 0755 "$SD/usr/local/bin/sudo"
cat >"$SD/usr/local/sbin/walk" <<WALK
#!/bin/bash
# Runs inside the booted container; every line of /walk.out is "ok …" or "FAIL …".
exec >/walk.out 2>&1
$PF
WALK
cat >>"$SD/usr/local/sbin/walk" <<'WALK'
check() { if eval "$2" >/dev/null 2>&1; then echo "ok $1"; else echo "FAIL $1 ($2)"; fi; }
until_true() { for _ in $(seq 150); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }
prop() { systemctl show -p "$2" --value "$1"; }
check "pinflow.service answers: pinflow healthcheck" 'until_true "pinflow healthcheck"'
check "it runs as the pinflow user" '[ "$(stat -c %U /proc/$(prop pinflow MainPID))" = pinflow ]'
check "the data folder is /var/lib/pinflow, 0700, pinflow's" '[ "$(stat -c "%U %a" /var/lib/pinflow)" = "pinflow 700" ] && [ -f /var/lib/pinflow/pinflow.db ]'
check "the hardening is in force (ProtectSystem=strict, NoNewPrivileges)" '[ "$(prop pinflow ProtectSystem)" = strict ] && grep -q "^NoNewPrivs:.*1" /proc/$(prop pinflow MainPID)/status'
check "pinflow-backup.service writes a copy" 'systemctl start pinflow-backup.service && [ "$(prop pinflow-backup Result)" = success ] && ls /var/lib/pinflow/backups/pinflow-*.db'
check "pinflow-backup.timer is scheduled" '[ -n "$(prop pinflow-backup.timer NextElapseUSecRealtime)" ]'
check "the README's CLI recipe works as the service user" 'pf users list | grep -q "No users yet"'
first=$(prop pinflow MainPID)
kill -9 "$first"
check "Restart=always brings it back after kill -9" 'until_true "[ \"\$(prop pinflow NRestarts)\" = 1 ] && pinflow healthcheck"'
systemctl stop pinflow.service
check "systemctl stop ends it with SIGTERM and exit 0" '[ "$(prop pinflow Result)" = success ] && [ "$(prop pinflow ExecMainStatus)" = 0 ]'
check "it logged a clean stop" 'journalctl -u pinflow -o cat | grep -q "\"msg\":\"stopped\""'
echo done
systemctl poweroff >/dev/null 2>&1
WALK
chmod 0755 "$SD/usr/local/sbin/walk"
printf '[Unit]\nAfter=pinflow.service\n[Service]\nType=oneshot\nExecStart=/usr/local/sbin/walk\n[Install]\nWantedBy=multi-user.target\n' \
  >"$SD/etc/systemd/system/walk.service"
systemctl --root="$SD" --quiet enable walk.service
# nspawn wants a terminal for the container's console; `script` gives it one.
timeout 240 script -qfec "systemd-nspawn --quiet --keep-unit --register=no -D $SD --boot" "$WORK/nspawn.log" >/dev/null 2>&1 || true
[ -f "$SD/walk.out" ] || {
  tr -d '\r' <"$WORK/nspawn.log" | tail -n 40 >&2
  fail "the container did not run the walk"
}
sed 's/^/   /' "$SD/walk.out"
grep -q '^FAIL' "$SD/walk.out" && fail "the service misbehaved under systemd"
grep -q '^done$' "$SD/walk.out" || fail "the walk did not finish"
