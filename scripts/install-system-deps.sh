#!/usr/bin/env bash
# System packages the deployment, BI and compose tests need: Debian's PostgreSQL (a private cluster
# for Airflow's metadata DB and the PostgreSQL warehouse), Chromium (the real browser that drives the
# Airflow UI and the Superset dashboard), a CJK font (Chinese labels in that browser), and podman +
# runc + debootstrap for the compose smoke test (tests/compose: images built from Debian's packages,
# docker-compose.yml started with podman). Their pip
# companions (playwright, whose wheel carries the driver: `playwright install` is never run; asyncpg)
# are dev extras of pyproject.toml, pinned in constraints.txt and installed by scripts/bootstrap.sh.
#
# Idempotent and non-interactive: skips what is installed, runs `apt-get update` at most once,
# works as root without a TTY (CI). As a non-root user it uses sudo when it has to install.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(postgresql chromium fonts-wqy-zenhei podman runc debootstrap)
export DEBIAN_FRONTEND=noninteractive

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

missing=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: apt-get not found; install ${missing[*]} with this system's package manager" >&2
    exit 1
  fi
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
      echo "install-system-deps: need root (or sudo) to install ${missing[*]}" >&2
      exit 1
    fi
  fi
  echo "install-system-deps: installing ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${missing[@]}" >/dev/null
fi

# Podman on these machines runs containers only with runc and cgroupfs, and without setting rlimits
# (not permitted here): containers.conf says so. An existing file is left alone unless it lacks this.
CONF=/etc/containers/containers.conf
if ! grep -q '^default_ulimits' "$CONF" 2>/dev/null; then
  if [ -s "$CONF" ]; then
    echo "install-system-deps: $CONF exists without default_ulimits; add '[containers] default_ulimits = []' to it" >&2
    exit 1
  fi
  SUDO=(); [ "$(id -u)" -eq 0 ] || SUDO=(sudo -n)
  printf '# Written by scripts/install-system-deps.sh (mr-reports): rlimits cannot be set here.\n[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n' \
    | "${SUDO[@]}" tee "$CONF" >/dev/null
fi

# Debian's postgresql package starts a system cluster (port 5432) where a service manager runs;
# the stack runs its own private cluster and never touches that one.
for bin in /usr/bin/chromium /usr/bin/podman /usr/sbin/runc /usr/sbin/debootstrap; do
  [ -x "$bin" ] || { echo "install-system-deps: $bin missing after install" >&2; exit 1; }
done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || {
  echo "install-system-deps: no /usr/lib/postgresql/*/bin/initdb after install" >&2; exit 1; }

echo "install-system-deps: ok ($(/usr/bin/chromium --version 2>/dev/null | head -1); $(podman --version); $(ls -d /usr/lib/postgresql/*/ | xargs -n1 basename | sort -n | tail -1 | sed 's/^/PostgreSQL /'))"
