import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';

/**
 * The roles of README "Database roles". The grants go to SERVICE_ROLE, a NOLOGIN group
 * (migrations/1763700610000-LeastPrivilegeServiceRole.ts); the service logs in as a member of it.
 */
export const SERVICE_ROLE = 'ketamine_clinic_service';

/** The login roles the embedded mode makes for itself. */
export const EMBEDDED_OWNER_ROLE = 'ketamine_clinic_owner';
export const EMBEDDED_SERVICE_LOGIN = 'ketamine_clinic_api';

export interface EmbeddedRolePasswords {
  owner: string;
  service: string;
}

/** Fresh passwords at every start: they live in this process only, nothing is kept at rest. */
export function newEmbeddedRolePasswords(): EmbeddedRolePasswords {
  return {
    owner: randomBytes(24).toString('base64url'),
    service: randomBytes(24).toString('base64url'),
  };
}

/** Creates the NOLOGIN group the grants go to, unless it exists (it is cluster-wide). */
export async function ensureServiceGroup(superuser: Client): Promise<void> {
  await superuser.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${SERVICE_ROLE}') THEN
        CREATE ROLE ${SERVICE_ROLE} NOLOGIN;
      END IF;
    END $$`);
}

/** Creates an unprivileged login role, or resets an existing one to that and this password. */
export async function upsertLoginRole(
  superuser: Client,
  role: string,
  password: string,
): Promise<void> {
  const { rowCount } = await superuser.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  const verb = rowCount ? 'ALTER' : 'CREATE';
  // Passwords here are generated (base64url) or the tests' own: no quoting beyond the literal's.
  await superuser.query(
    `${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD '${password}'`,
  );
}

/**
 * Run as the embedded cluster's superuser, connected to the app's database: makes (or refreshes)
 * the owner and the service login, gives the database to the owner, and hands the owner whatever
 * an older version of the app created as the superuser, so that its migrations can alter it.
 * Idempotent; after the first start the hand-over finds nothing.
 */
export async function provisionEmbeddedRoles(
  superuser: Client,
  database: string,
  passwords: EmbeddedRolePasswords,
): Promise<void> {
  await ensureServiceGroup(superuser);
  await upsertLoginRole(superuser, EMBEDDED_OWNER_ROLE, passwords.owner);
  await upsertLoginRole(superuser, EMBEDDED_SERVICE_LOGIN, passwords.service);
  await superuser.query(`GRANT ${SERVICE_ROLE} TO ${EMBEDDED_SERVICE_LOGIN}`);
  await superuser.query(`ALTER DATABASE ${database} OWNER TO ${EMBEDDED_OWNER_ROLE}`);
  await superuser.query(HAND_OVER_TO_OWNER);
}

// Objects of the public schema not owned by the owner and not part of an extension: tables, views
// and sequences (a table takes its own sequences and indexes along), functions, and types (enums;
// row and array types follow their table or element).
const HAND_OVER_TO_OWNER = `
  DO $$
  DECLARE
    owner_oid oid := '${EMBEDDED_OWNER_ROLE}'::regrole;
    item record;
  BEGIN
    FOR item IN
      SELECT c.oid::regclass AS name FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> owner_oid
         AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
    LOOP
      EXECUTE format('ALTER TABLE %s OWNER TO ${EMBEDDED_OWNER_ROLE}', item.name);
    END LOOP;
    FOR item IN
      SELECT c.oid::regclass AS name FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> owner_oid AND c.relkind = 'S'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
    LOOP
      EXECUTE format('ALTER SEQUENCE %s OWNER TO ${EMBEDDED_OWNER_ROLE}', item.name);
    END LOOP;
    FOR item IN
      SELECT p.oid::regprocedure AS name FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> owner_oid
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
    LOOP
      EXECUTE format('ALTER ROUTINE %s OWNER TO ${EMBEDDED_OWNER_ROLE}', item.name);
    END LOOP;
    FOR item IN
      SELECT t.oid::regtype AS name FROM pg_type t
       WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> owner_oid
         AND t.typrelid = 0 AND t.typcategory <> 'A'
         AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_type'::regclass
                          AND d.objid = t.oid AND d.deptype = 'e')
    LOOP
      EXECUTE format('ALTER TYPE %s OWNER TO ${EMBEDDED_OWNER_ROLE}', item.name);
    END LOOP;
  END $$`;

/**
 * What the role the service connects as can do beyond its DML, each as a short phrase for the
 * start-up warning; empty when it is restricted. Run on the service's own connection.
 */
export const SERVICE_PRIVILEGE_PROBE = `
  SELECT current_user AS role,
         r.rolsuper AS superuser,
         EXISTS (SELECT 1 FROM pg_class c
                  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
                    AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owns_tables,
         has_schema_privilege('public', 'CREATE') AS creates_in_schema,
         to_regclass('public.audit_events') IS NOT NULL
           AND (has_table_privilege('public.audit_events', 'UPDATE')
             OR has_table_privilege('public.audit_events', 'DELETE')
             OR has_table_privilege('public.audit_events', 'TRUNCATE')
             OR has_table_privilege('public.audit_events', 'TRIGGER')) AS changes_audit
    FROM pg_roles r WHERE r.rolname = current_user`;

export interface ServicePrivilegeRow {
  role: string;
  superuser: boolean;
  owns_tables: boolean;
  creates_in_schema: boolean;
  changes_audit: boolean;
}

export function excessPrivileges(row: ServicePrivilegeRow): string[] {
  return [
    row.superuser ? 'is a superuser' : undefined,
    row.owns_tables ? 'owns the tables (may ALTER, DROP or disable their triggers)' : undefined,
    row.creates_in_schema ? 'may create objects in the schema' : undefined,
    row.changes_audit ? 'may UPDATE, DELETE or TRUNCATE audit_events' : undefined,
  ].filter((phrase): phrase is string => phrase !== undefined);
}
