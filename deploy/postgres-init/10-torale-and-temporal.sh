#!/bin/bash
# Runs once, when the postgres container initialises an empty data volume
# (docker-entrypoint-initdb.d). Changing passwords later: ALTER ROLE by hand.
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v torale_password="${TORALE_DATABASE_PASSWORD:?}" \
     -v temporal_password="${TEMPORAL_DB_PASSWORD:?}" <<'SQL'
CREATE ROLE torale LOGIN PASSWORD :'torale_password';
CREATE DATABASE torale OWNER torale;

CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;
SQL
