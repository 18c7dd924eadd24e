#!/bin/sh
# Run by the official postgres image on a new volume (/docker-entrypoint-initdb.d), as POSTGRES_USER,
# the schema owner that the API migrates as (MIGRATION_DATABASE_URL). Makes the restricted role the
# API serves requests as (DATABASE_URL): ketamine_clinic_service holds the grants (given by the
# migrations), ketamine_clinic_api logs in as a member of it. Idempotent: for a volume made before
# this script existed, run it once by hand:
#   docker compose exec db sh /docker-entrypoint-initdb.d/10-service-role.sh
set -e
: "${SERVICE_DB_PASSWORD:?set SERVICE_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v service_password="$SERVICE_DB_PASSWORD" <<'SQL'
SELECT 'CREATE ROLE ketamine_clinic_service NOLOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketamine_clinic_service') \gexec
SELECT 'CREATE ROLE ketamine_clinic_api LOGIN'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ketamine_clinic_api') \gexec
ALTER ROLE ketamine_clinic_api LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
  PASSWORD :'service_password';
GRANT ketamine_clinic_service TO ketamine_clinic_api;
SQL
