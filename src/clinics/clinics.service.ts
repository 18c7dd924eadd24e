import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import {
  ClinicSettings,
  effectiveSettings,
  settingsContradictions,
} from 'src/clinics/clinic-settings';
import {
  ClinicSettingsResponseDto,
  UpdateClinicSettingsDto,
} from 'src/clinics/clinic-settings.dto';
import { ClinicEntity } from 'src/clinics/clinic.entity';
import {
  ClinicResponseDto,
  CreateClinicDto,
  mapClinic,
  UpdateClinicDto,
} from 'src/clinics/clinic.dto';
import { scopeFor } from 'src/clinics/clinic-scope';
import { ClinicException } from 'src/clinics/clinic.exception';
import { ClinicsRepository } from 'src/clinics/clinics.repository';
import { mapPublicClinic, PublicClinicResponseDto } from 'src/clinics/public-clinic.dto';
import { assertVersion } from 'src/common/http/etag';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { TransactionService } from 'src/database/transaction.service';

@Injectable()
export class ClinicsService {
  constructor(
    private readonly clinics: ClinicsRepository,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** The creating admin becomes a member, so the clinic is theirs to manage at once. */
  async create(actor: Actor, dto: CreateClinicDto): Promise<ClinicResponseDto> {
    return this.tx.run(async (manager) => {
      const clinic = await this.clinics.insert(manager, {
        name: dto.name,
        code: dto.code,
        timezone: dto.timezone,
        phone: dto.phone ?? null,
        email: dto.email ?? null,
        address: dto.address ?? null,
        hours: dto.hours ?? [],
        treatmentsOffered: dto.treatmentsOffered ?? [],
        listedPublicly: dto.listedPublicly ?? true,
        settings: {},
      });
      await manager.query('INSERT INTO user_clinics (user_id, clinic_id) VALUES ($1, $2)', [
        actor.userId,
        clinic.id,
      ]);
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: 'Clinic',
          resourceId: clinic.id,
          clinicId: clinic.id,
        },
        manager,
      );
      return mapClinic(clinic);
    });
  }

  async list(actor: Actor, query: PageQueryDto): Promise<Page<ClinicResponseDto>> {
    const rows = await this.clinics.listInScope(
      actor.clinicIds,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2, ['string', 'uuid']) : undefined,
    );
    return toPage(rows, query.limit, mapClinic, (c) => [c.name, c.id]);
  }

  async get(actor: Actor, id: string): Promise<ClinicResponseDto> {
    return mapClinic(await this.getOrFail(actor, id));
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateClinicDto,
    expectedVersion?: number,
  ): Promise<ClinicResponseDto> {
    return this.tx.run(async (manager) => {
      const clinic = await this.getOrFail(actor, id, manager);
      assertVersion(clinic, expectedVersion, 'Clinic');
      Object.assign(clinic, dto);
      await this.clinics.save(manager, clinic);
      await this.audit.record(
        actor,
        {
          action: AuditAction.UPDATE,
          resourceType: 'Clinic',
          resourceId: id,
          clinicId: id,
          details: { fields: Object.keys(dto) },
        },
        manager,
      );
      return mapClinic(clinic);
    });
  }

  async getSettingsForActor(actor: Actor, id: string): Promise<ClinicSettingsResponseDto> {
    const clinic = await this.getOrFail(actor, id);
    return { ...effectiveSettings(clinic.settings), version: clinic.version };
  }

  /** Only the settings given change; the result must still be consistent (e.g. stop below alert). */
  async updateSettings(
    actor: Actor,
    id: string,
    dto: UpdateClinicSettingsDto,
    expectedVersion?: number,
  ): Promise<ClinicSettingsResponseDto> {
    return this.tx.run(async (manager) => {
      const clinic = await this.getOrFail(actor, id, manager);
      assertVersion(clinic, expectedVersion, 'Clinic');
      const next = { ...clinic.settings, ...dto };
      const contradictions = settingsContradictions(effectiveSettings(next));
      if (contradictions.length > 0) {
        throw new CommonException(
          CommonExceptionCode.VALIDATION_FAILED,
          contradictions.map((c) => c.message).join('; '),
          { errors: contradictions },
        );
      }
      clinic.settings = next;
      await this.clinics.save(manager, clinic);
      await this.audit.record(
        actor,
        {
          action: AuditAction.UPDATE,
          resourceType: 'ClinicSettings',
          resourceId: id,
          clinicId: id,
          details: { fields: Object.keys(dto) },
        },
        manager,
      );
      return { ...effectiveSettings(clinic.settings), version: clinic.version };
    });
  }

  /** The public directory: listed clinics only, public fields only. */
  async listPublic(query: PageQueryDto): Promise<Page<PublicClinicResponseDto>> {
    const rows = await this.clinics.listPublic(
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    return toPage(rows, query.limit, mapPublicClinic, (c) => [c.name, c.id]);
  }

  async getPublic(id: string): Promise<PublicClinicResponseDto> {
    const clinic = await this.clinics.findPublic(id);
    if (!clinic) {
      throw ClinicException.notFound();
    }
    return mapPublicClinic(clinic);
  }

  /** For other modules: whether the clinic exists and is listed in the public directory. */
  async isListedPublicly(id: string): Promise<boolean> {
    return (await this.clinics.findPublic(id)) !== null;
  }

  /** For other modules: the effective settings of a clinic the caller has already scoped. */
  async settingsOf(clinicId: string, manager?: EntityManager): Promise<ClinicSettings> {
    const clinic = await this.clinics.findInScope(clinicId, [clinicId], manager);
    if (!clinic) {
      throw ClinicException.notFound();
    }
    return effectiveSettings(clinic.settings);
  }

  /** For other modules: the clinic's IANA time zone (its calendar decides due and overdue dates). */
  async timezoneOf(clinicId: string, manager?: EntityManager): Promise<string> {
    const clinic = await this.clinics.findInScope(clinicId, [clinicId], manager);
    if (!clinic) {
      throw ClinicException.notFound();
    }
    return clinic.timezone;
  }

  /** For other modules: 404 unless the actor belongs to the clinic. */
  assertMember(actor: Actor, clinicId: string): void {
    scopeFor(actor, clinicId);
  }

  /** For other modules: the clinics' names and codes (words a staff password may not be). */
  namesAndCodesOf(clinicIds: string[], manager?: EntityManager): Promise<string[]> {
    return this.clinics.namesAndCodes(clinicIds, manager);
  }

  /** The next MRN for a clinic, e.g. `FRK-000042`; call inside the creating transaction. */
  async allocateMrn(manager: EntityManager, clinicId: string): Promise<string> {
    const { code, n } = await this.clinics.nextMrnNumber(manager, clinicId);
    return `${code}-${String(n).padStart(6, '0')}`;
  }

  private async getOrFail(
    actor: Actor,
    id: string,
    manager?: EntityManager,
  ): Promise<ClinicEntity> {
    const clinic = await this.clinics.findInScope(
      id,
      actor.clinicIds,
      manager,
      manager !== undefined,
    );
    if (!clinic) {
      throw ClinicException.notFound();
    }
    return clinic;
  }
}
