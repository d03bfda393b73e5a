#!/usr/bin/env bash
# Makes sure PostgreSQL 15 (Debian's postgresql-15) and pgvector are installed, for the test setup and the
# PostgreSQL bench. Idempotent: when both are present it only checks two files and exits.
#
#   - /usr/lib/postgresql/15/bin/initdb missing → apt-get install postgresql-15 postgresql-server-dev-15 (root)
#   - /usr/share/postgresql/15/extension/vector.control missing → build pgvector from the vendored tarball
#     (<repo>/../shared/vendor/pgvector-0.8.6.tar.gz, or the nearest ancestor's shared/vendor, or
#     $MEMP_PGVECTOR_TARBALL) with `make OPTFLAGS="" && make install` in a temp dir.
#
# Concurrent runs (several test processes, several checkouts) serialize on a lock file.
set -euo pipefail

PG_MAJOR=15
PG_BIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
VECTOR_CONTROL="/usr/share/postgresql/${PG_MAJOR}/extension/vector.control"
PGVECTOR_VERSION=0.8.6
SERVER_HEADERS="/usr/include/postgresql/${PG_MAJOR}/server/postgres.h"

present() { [[ -x "${PG_BIN}/initdb" && -f "${VECTOR_CONTROL}" ]]; }

if present; then
  exit 0
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

find_tarball() {
  if [[ -n "${MEMP_PGVECTOR_TARBALL:-}" ]]; then
    echo "${MEMP_PGVECTOR_TARBALL}"
    return
  fi
  local dir="${repo_root}"
  while [[ "${dir}" != "/" ]]; do
    local candidate
    candidate="$(dirname "${dir}")/shared/vendor/pgvector-${PGVECTOR_VERSION}.tar.gz"
    if [[ -f "${candidate}" ]]; then
      echo "${candidate}"
      return
    fi
    dir="$(dirname "${dir}")"
  done
  echo "${repo_root}/../shared/vendor/pgvector-${PGVECTOR_VERSION}.tar.gz"
}

need_root() {
  if [[ "$(id -u)" != "0" ]]; then
    echo "ensure-postgres: $1 needs root; run as root or install it yourself (see README, section PostgreSQL)" >&2
    exit 1
  fi
}

exec 9>"/tmp/memp-ensure-postgres.lock"
flock 9
# Another process may have finished the work while we waited.
if present; then
  exit 0
fi

if [[ ! -x "${PG_BIN}/initdb" || ! -f "${SERVER_HEADERS}" ]]; then
  need_root "installing postgresql-${PG_MAJOR}"
  echo "ensure-postgres: installing postgresql-${PG_MAJOR} and postgresql-server-dev-${PG_MAJOR} with apt" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt_install() {
    apt-get install -y -q --no-install-recommends "postgresql-${PG_MAJOR}" "postgresql-server-dev-${PG_MAJOR}" make gcc
  }
  if ! apt_install >&2; then
    apt-get update -q >&2
    apt_install >&2
  fi
fi

if [[ ! -f "${VECTOR_CONTROL}" ]]; then
  need_root "installing pgvector"
  tarball="$(find_tarball)"
  if [[ ! -f "${tarball}" ]]; then
    echo "ensure-postgres: pgvector source not found at ${tarball} (set MEMP_PGVECTOR_TARBALL)" >&2
    exit 1
  fi
  echo "ensure-postgres: building pgvector ${PGVECTOR_VERSION} from ${tarball}" >&2
  work="$(mktemp -d)"
  trap 'rm -rf "${work}"' EXIT
  tar -xzf "${tarball}" -C "${work}"
  src="$(find "${work}" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  export PG_CONFIG="${PG_BIN}/pg_config"
  make -C "${src}" OPTFLAGS="" >&2
  make -C "${src}" OPTFLAGS="" install >&2
fi

present
