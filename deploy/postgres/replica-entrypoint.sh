#!/bin/bash
# A streaming replica: cloned from the primary with pg_basebackup on first start, then a hot standby.
set -euo pipefail
PGDATA=/var/lib/postgresql/data
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_basebackup -h postgres -U replicator -D "$PGDATA" -X stream -R -C -S replica1 --checkpoint=fast; do
    echo "waiting for the primary…"; rm -rf "${PGDATA:?}"/*; sleep 2
  done
  chmod 0700 "$PGDATA"
fi
exec postgres -D "$PGDATA" -c hot_standby=on
