import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { decodeCursor, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { TransactionService } from 'src/database/transaction.service';
import {
  CreateJournalEntryDto,
  JournalEntryPageDto,
  JournalEntryResponseDto,
  mapJournalEntry,
} from 'src/follow-ups/journal.dto';
import { FollowUpException, FollowUpExceptionCode } from 'src/follow-ups/follow-up.exception';
import { localDate } from 'src/follow-ups/follow-up.rules';
import { JournalRepository } from 'src/follow-ups/journal.repository';
import { PatientsService } from 'src/patients/patients.service';

const RESOURCE = 'JournalEntry';

/** Patient-reported mood entries, entered by staff on the patient's behalf (no patient login yet). */
@Injectable()
export class JournalService {
  constructor(
    private readonly journal: JournalRepository,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsService,
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
      // "Today" is the clinic's: east of UTC a new day starts before it does in UTC.
      const today = localDate(new Date(), await this.clinics.timezoneOf(patient.clinicId, manager));
      if (dto.entryDate > today) {
        throw FollowUpException.invalid(
          FollowUpExceptionCode.ENTRY_DATE_IN_FUTURE,
          'entryDate',
          `entryDate must not be after today (${today} in the clinic's time zone)`,
        );
      }
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

  async get(actor: Actor, patientId: string, entryId: string): Promise<JournalEntryResponseDto> {
    const patient = await this.patients.getOrFail(actor, patientId);
    const entry = await this.journal.readAudited(entryId, patient.id, actor);
    if (!entry) {
      throw new FollowUpException(
        FollowUpExceptionCode.JOURNAL_ENTRY_NOT_FOUND,
        'Journal entry not found',
      );
    }
    return mapJournalEntry(entry);
  }

  async list(actor: Actor, patientId: string, query: PageQueryDto): Promise<JournalEntryPageDto> {
    const patient = await this.patients.getOrFail(actor, patientId);
    const rows = await this.journal.listAudited(
      patient,
      actor,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    return toPage(rows, query.limit, mapJournalEntry, (e) => [e.entryDate, e.id]);
  }
}
