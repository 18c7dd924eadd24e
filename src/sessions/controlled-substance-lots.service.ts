import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { TransactionService } from 'src/database/transaction.service';
import {
  CreateLotCountDto,
  CreateLotDto,
  LotLedgerDto,
  LotResponseDto,
  mapLedgerEntry,
  mapLot,
  mapReconciliation,
} from 'src/sessions/controlled-substance-lot.dto';
import {
  ControlledSubstanceLotEntity,
  LedgerEntryEntity,
} from 'src/sessions/controlled-substance-lot.entity';
import { ControlledSubstanceLotsRepository } from 'src/sessions/controlled-substance-lots.repository';
import { reconcileLot } from 'src/sessions/lot-ledger.rules';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';
import { UsersService } from 'src/users/users.service';

const RESOURCE = 'ControlledSubstanceLot';
const WITNESS_ROLES: StaffRole[] = [StaffRole.NURSE, StaffRole.CLINICIAN, StaffRole.ADMIN];
const micro = (mg: number) => Math.round(mg * 1000);

/** The Schedule III record: lots received, and every mg drawn, given, wasted or counted. */
@Injectable()
export class ControlledSubstanceLotsService {
  constructor(
    private readonly lots: ControlledSubstanceLotsRepository,
    private readonly clinics: ClinicsService,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, clinicId: string, dto: CreateLotDto): Promise<LotResponseDto> {
    this.clinics.assertMember(actor, clinicId);
    return this.tx.run(async (manager) => {
      const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : new Date();
      const lot = await this.lots.insert(manager, {
        clinicId,
        drug: dto.drug ?? 'ketamine',
        concentrationMgPerMl: dto.concentrationMgPerMl,
        lotNumber: dto.lotNumber,
        expiresOn: dto.expiresOn,
        receivedMg: dto.receivedMg,
        onHandMg: dto.receivedMg,
        receivedAt,
        receivedBy: actor.userId,
      });
      await this.lots.addEntry(manager, {
        clinicId,
        lotId: lot.id,
        kind: 'receipt',
        quantityMg: dto.receivedMg,
        sessionId: null,
        actorId: actor.userId,
        witnessId: null,
        reason: null,
        occurredAt: receivedAt,
      });
      await this.record(actor, AuditAction.CREATE, lot, manager);
      return mapLot(lot);
    });
  }

  async list(actor: Actor, clinicId: string, query: PageQueryDto): Promise<Page<LotResponseDto>> {
    this.clinics.assertMember(actor, clinicId);
    const rows = await this.lots.list(
      clinicId,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    return toPage(rows, query.limit, mapLot, (l) => [l.createdAt.toISOString(), l.id]);
  }

  async get(actor: Actor, clinicId: string, id: string): Promise<LotResponseDto> {
    return mapLot(await this.getOrFail(actor, clinicId, id));
  }

  /** Every entry of the lot with its reconciliation: received = given + wasted + on hand + in use. */
  async ledger(actor: Actor, clinicId: string, id: string): Promise<LotLedgerDto> {
    this.clinics.assertMember(actor, clinicId);
    const found = await this.lots.ledgerAudited(clinicId, id, actor, RESOURCE);
    if (!found) {
      throw SessionException.lotNotFound();
    }
    const { lot, entries } = found;
    return {
      lot: mapLot(lot),
      entries: entries.map(mapLedgerEntry),
      reconciliation: mapReconciliation(reconcileLot(entries)),
    };
  }

  /** A physical count; the reconciliation compares it with the book balance at that moment. */
  async count(
    actor: Actor,
    clinicId: string,
    id: string,
    dto: CreateLotCountDto,
  ): Promise<LotLedgerDto> {
    await this.tx.run(async (manager) => {
      const lot = await this.getOrFail(actor, clinicId, id, manager);
      if (dto.witnessId) {
        await this.assertWitness(actor, clinicId, dto.witnessId, manager);
      }
      await this.lots.addEntry(manager, {
        clinicId,
        lotId: lot.id,
        kind: 'count',
        quantityMg: dto.countedMg,
        sessionId: null,
        actorId: actor.userId,
        witnessId: dto.witnessId ?? null,
        reason: dto.note ?? null,
      });
      await this.record(actor, AuditAction.ACTION, lot, manager, 'count');
    });
    return this.ledger(actor, clinicId, id);
  }

  /** For sessions: draws `quantityMg` from the lot (locked), refusing an expired or short lot. */
  async drawForSession(
    manager: EntityManager,
    actor: Actor,
    clinicId: string,
    lotId: string,
    sessionId: string,
    quantityMg: number,
  ): Promise<LedgerEntryEntity> {
    const lot = await this.getOrFail(actor, clinicId, lotId, manager);
    if (lot.expiresOn < new Date().toISOString().slice(0, 10)) {
      throw new SessionException(SessionExceptionCode.LOT_EXPIRED, 'The lot has expired', {
        failedChecks: [
          { check: 'LOT_EXPIRED', message: 'The lot has expired', overridable: false },
        ],
      });
    }
    if (micro(lot.onHandMg) < micro(quantityMg)) {
      throw new SessionException(
        SessionExceptionCode.LOT_INSUFFICIENT,
        'The lot does not hold that much',
      );
    }
    lot.onHandMg = (micro(lot.onHandMg) - micro(quantityMg)) / 1000;
    await this.lots.save(manager, lot);
    return this.lots.addEntry(manager, {
      clinicId,
      lotId,
      kind: 'draw',
      quantityMg,
      sessionId,
      actorId: actor.userId,
      witnessId: null,
      reason: null,
    });
  }

  /** For sessions: records mg given (administer) or wasted (with a witness) from a draw. */
  async recordForSession(
    manager: EntityManager,
    actor: Actor,
    entry: {
      clinicId: string;
      lotId: string;
      sessionId: string;
      kind: 'administer' | 'waste';
      quantityMg: number;
      witnessId?: string | null;
      reason?: string | null;
    },
  ): Promise<LedgerEntryEntity> {
    if (entry.kind === 'waste') {
      await this.assertWitness(actor, entry.clinicId, entry.witnessId ?? null, manager);
    }
    return this.lots.addEntry(manager, {
      clinicId: entry.clinicId,
      lotId: entry.lotId,
      kind: entry.kind,
      quantityMg: entry.quantityMg,
      sessionId: entry.sessionId,
      actorId: actor.userId,
      witnessId: entry.witnessId ?? null,
      reason: entry.reason ?? null,
    });
  }

  async entriesOfSession(sessionId: string, manager?: EntityManager): Promise<LedgerEntryEntity[]> {
    return this.lots.entriesOfSession(sessionId, manager);
  }

  /** A witness is another active clinical staff member of the same clinic. */
  private async assertWitness(
    actor: Actor,
    clinicId: string,
    witnessId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    const invalid = (message: string) =>
      new SessionException(SessionExceptionCode.WITNESS_INVALID, message, {
        errors: [{ field: 'witnessId', message }],
      });
    if (!witnessId) {
      throw invalid('A second staff member must witness waste');
    }
    if (witnessId === actor.userId) {
      throw invalid('The witness must be a different staff member');
    }
    const role = await this.users.activeRoleIn(witnessId, clinicId, manager);
    if (!role || !WITNESS_ROLES.includes(role)) {
      throw invalid('The witness must be an active nurse, clinician or admin of the clinic');
    }
  }

  private async getOrFail(
    actor: Actor,
    clinicId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<ControlledSubstanceLotEntity> {
    this.clinics.assertMember(actor, clinicId);
    const lot = await this.lots.findInClinic(
      clinicId,
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!lot) {
      throw SessionException.lotNotFound();
    }
    return lot;
  }

  private async record(
    actor: Actor,
    action: AuditAction,
    lot: ControlledSubstanceLotEntity,
    manager: EntityManager,
    actionName?: string,
  ): Promise<void> {
    await this.audit.record(
      actor,
      { action, actionName, resourceType: RESOURCE, resourceId: lot.id, clinicId: lot.clinicId },
      manager,
    );
  }
}
