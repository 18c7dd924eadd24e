import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readAudited } from 'src/audit/audited-reads';
import { CursorValue } from 'src/common/pagination/cursor';
import { SqlService } from 'src/database/sql.service';
import { JournalEntryEntity } from 'src/follow-ups/journal-entry.entity';
import { journalPage } from 'src/follow-ups/journal.sql';

export const JOURNAL_RESOURCE = 'JournalEntry';

@Injectable()
export class JournalRepository {
  constructor(private readonly sql: SqlService) {}

  async insert(
    manager: EntityManager,
    row: Partial<JournalEntryEntity>,
  ): Promise<JournalEntryEntity> {
    const repo = manager.getRepository(JournalEntryEntity);
    return repo.save(repo.create(row));
  }

  /** One entry of the patient's, with its READ event written by the same statement. */
  readAudited(id: string, patientId: string, actor: Actor): Promise<JournalEntryEntity | null> {
    return readAudited(
      this.sql,
      JournalEntryEntity,
      'journal_entries',
      id,
      { actor, resourceType: JOURNAL_RESOURCE, details: { patientId } },
      { patientId },
    );
  }

  /** A page of the patient's journal (plus one row) with its LIST event, in one statement. */
  async listAudited(
    patient: { id: string; clinicId: string },
    actor: Actor,
    limit: number,
    after?: CursorValue[],
  ): Promise<JournalEntryEntity[]> {
    const rows = await pageAudited(this.sql, journalPage(patient, limit, after), {
      actor,
      resourceType: JOURNAL_RESOURCE,
      filters: [],
    });
    return this.sql.entities(
      JournalEntryEntity,
      rows.map((r) => r.row),
    );
  }
}
