import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closing a follow-up overwrote the note written when it was scheduled. The note of the contact
 * (complete) or of why it failed (miss) now has its own column; `notes` stays as written at creation.
 * A missed follow-up's notes were always the miss reason (it was required): they move over. A
 * completed one's notes may be either, so they stay where they are.
 */
export class FollowUpOutcomeNote1763700420001 implements MigrationInterface {
  name = 'FollowUpOutcomeNote1763700420001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_ups ADD COLUMN outcome_note text`);
    await q.query(
      `UPDATE follow_ups SET outcome_note = notes, notes = NULL WHERE status = 'missed' AND notes IS NOT NULL`,
    );
    await q.query(
      `ALTER TABLE follow_ups ADD CONSTRAINT follow_ups_missed_note_check CHECK (status <> 'missed' OR outcome_note IS NOT NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE follow_ups DROP CONSTRAINT follow_ups_missed_note_check`);
    // As before: closing replaced notes when it gave one.
    await q.query(`UPDATE follow_ups SET notes = outcome_note WHERE outcome_note IS NOT NULL`);
    await q.query(`ALTER TABLE follow_ups DROP COLUMN outcome_note`);
  }
}
