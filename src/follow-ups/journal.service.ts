import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { decodeCursor, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { TransactionService } from 'src/database/transaction.service';
import {
  CreateJournalEntryDto,
  JournalEntryPageDto,
  JournalEntryResponseDto,
  mapJournalEntry,
} from 'src/follow-ups/journal.dto';
import { FollowUpException } from 'src/follow-ups/follow-up.exception';
import { JournalRepository } from 'src/follow-ups/journal.repository';
import { recordListAudit } from 'src/follow-ups/list-audit';
import { PatientsService } from 'src/patients/patients.service';

const RESOURCE = 'JournalEntry';

/** Patient-reported mood entries, entered by staff on the patient's behalf (no patient login yet). */
@Injectable()
export class JournalService {
  constructor(
    private readonly journal: JournalRepository,
    private readonly patients: PatientsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    patientId: string,
    dto: CreateJournalEntryDto,
  ): Promise<JournalEntryResponseDto> {
    return this.tx.run(async (manager) => {
      const patient = await this.patients.getOrFail(actor, patientId, manager);
      FollowUpException.assertNotArchived(patient);
      const entry = await this.journal.insert(manager, {
        clinicId: patient.clinicId,
        patientId: patient.id,
        entryDate: dto.entryDate,
        mood: dto.mood,
        anxiety: dto.anxiety ?? null,
        sleepHours: dto.sleepHours ?? null,
        sleepQuality: dto.sleepQuality ?? null,
        text: dto.text ?? null,
        reportedVia: dto.reportedVia,
        recordedBy: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceId: entry.id,
          clinicId: patient.clinicId,
          details: { patientId: patient.id },
        },
        manager,
      );
      return mapJournalEntry(entry);
    });
  }

  async list(actor: Actor, patientId: string, query: PageQueryDto): Promise<JournalEntryPageDto> {
    const patient = await this.patients.getOrFail(actor, patientId);
    const rows = await this.journal.listForPatient(
      patient.id,
      actor.clinicIds,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    await recordListAudit(
      this.audit,
      actor,
      RESOURCE,
      rows.slice(0, query.limit),
      patient.clinicId,
      [],
    );
    return toPage(rows, query.limit, mapJournalEntry, (e) => [e.entryDate, e.id]);
  }
}
