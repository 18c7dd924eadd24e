import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: the audit-event list shows an admin's clinics' events and, of the events that belong to
 * no clinic (logins, staff accounts), those by or about the admin. Each part is read by walking an
 * index in (occurred_at DESC, id DESC) order: audit_events_clinic_time_idx for the clinics, and these
 * two partial indexes for the clinic-less events by and about a user, so a page stays one short
 * index walk per part however long the trail grows (logins alone add a row per sign-in).
 */
export class AuditListIndexes1763700600000 implements MigrationInterface {
  name = 'AuditListIndexes1763700600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX audit_events_clinicless_actor_idx ON audit_events (actor_id, occurred_at DESC, id DESC) WHERE clinic_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX audit_events_clinicless_resource_idx ON audit_events (resource_id, occurred_at DESC, id DESC) WHERE clinic_id IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_events_clinicless_resource_idx`);
    await q.query(`DROP INDEX audit_events_clinicless_actor_idx`);
  }
}
