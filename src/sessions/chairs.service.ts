import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { assertVersion } from 'src/common/http/etag';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { TransactionService } from 'src/database/transaction.service';
import {
  ChairQueryDto,
  ChairResponseDto,
  CreateChairDto,
  mapChair,
  UpdateChairDto,
} from 'src/sessions/chair.dto';
import { ChairEntity } from 'src/sessions/chair.entity';
import { ChairsRepository } from 'src/sessions/chairs.repository';
import { SessionException, SessionExceptionCode } from 'src/sessions/session.exception';

const RESOURCE = 'Chair';

@Injectable()
export class ChairsService {
  constructor(
    private readonly chairs: ChairsRepository,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, clinicId: string, dto: CreateChairDto): Promise<ChairResponseDto> {
    this.clinics.assertMember(actor, clinicId);
    return this.tx.run(async (manager) => {
      const chair = await this.chairs.insert(manager, {
        clinicId,
        name: dto.name,
        description: dto.description ?? null,
      });
      await this.record(actor, AuditAction.CREATE, chair, manager);
      return mapChair(chair);
    });
  }

  async list(
    actor: Actor,
    clinicId: string,
    query: ChairQueryDto,
  ): Promise<Page<ChairResponseDto>> {
    this.clinics.assertMember(actor, clinicId);
    const rows = await this.chairs.list(
      clinicId,
      query.includeInactive,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    return toPage(rows, query.limit, mapChair, (c) => [c.name, c.id]);
  }

  async get(actor: Actor, clinicId: string, id: string): Promise<ChairResponseDto> {
    return mapChair(await this.getOrFail(actor, clinicId, id));
  }

  async update(
    actor: Actor,
    clinicId: string,
    id: string,
    dto: UpdateChairDto,
    expectedVersion?: number,
  ): Promise<ChairResponseDto> {
    return this.tx.run(async (manager) => {
      const chair = await this.getOrFail(actor, clinicId, id, manager);
      assertVersion(chair, expectedVersion, RESOURCE);
      if (dto.name !== undefined) chair.name = dto.name;
      if (dto.description !== undefined) chair.description = dto.description;
      await this.chairs.save(manager, chair);
      await this.record(actor, AuditAction.UPDATE, chair, manager, {
        fields: Object.keys(dto),
      });
      return mapChair(chair);
    });
  }

  /**
   * Takes a chair out of service. Refused (409 CHAIR_HAS_BOOKINGS) while sessions are still booked
   * on it from now on: cancel or move them first.
   */
  async deactivate(actor: Actor, clinicId: string, id: string): Promise<ChairResponseDto> {
    return this.tx.run(async (manager) => {
      const chair = await this.getOrFail(actor, clinicId, id, manager);
      if (!chair.active) {
        throw new SessionException(
          SessionExceptionCode.CHAIR_INACTIVE,
          'The chair is already deactivated',
        );
      }
      if (await this.chairs.hasBookingsFrom(manager, chair.id, new Date())) {
        throw new SessionException(
          SessionExceptionCode.CHAIR_HAS_BOOKINGS,
          'Sessions are still booked on this chair; move or cancel them first',
        );
      }
      Object.assign(chair, {
        active: false,
        deactivatedAt: new Date(),
        deactivatedBy: actor.userId,
      });
      await this.chairs.save(manager, chair);
      await this.record(actor, AuditAction.ACTION, chair, manager, undefined, 'deactivate');
      return mapChair(chair);
    });
  }

  /** For scheduling: the chair if it is in the actor's clinic, else 404; with a manager, row-locked. */
  async getOrFail(
    actor: Actor,
    clinicId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<ChairEntity> {
    this.clinics.assertMember(actor, clinicId);
    const chair = await this.chairs.findInClinic(
      clinicId,
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!chair) {
      throw SessionException.chairNotFound();
    }
    return chair;
  }

  async activeChairs(clinicId: string): Promise<ChairEntity[]> {
    return this.chairs.activeInClinic(clinicId);
  }

  private async record(
    actor: Actor,
    action: AuditAction,
    chair: ChairEntity,
    manager: EntityManager,
    details?: Record<string, unknown>,
    actionName?: string,
  ): Promise<void> {
    await this.audit.record(
      actor,
      {
        action,
        actionName,
        resourceType: RESOURCE,
        resourceId: chair.id,
        clinicId: chair.clinicId,
        details,
      },
      manager,
    );
  }
}
