import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A replayed response discloses its record again, so the replay is audited as a read of that
 * record: the key remembers which resource (type and id) its first response was about.
 */
export class IdempotencyReplayResource1763700430000 implements MigrationInterface {
  name = 'IdempotencyReplayResource1763700430000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN resource_type text`);
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN resource_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN resource_id`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN resource_type`);
  }
}
