#!/bin/bash
# Runs once, on the primary's first start: a replication role and its pg_hba line.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD}';
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
