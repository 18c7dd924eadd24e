import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import {
  ConsentResponseDto,
  CreateConsentDto,
  mapConsent,
  RevokeConsentDto,
} from 'src/consents/consent.dto';
import { ConsentEntity, ConsentKind } from 'src/consents/consent.entity';
import { ConsentException, ConsentExceptionCode } from 'src/consents/consent.exception';
import { ConsentsRepository } from 'src/consents/consents.repository';
import { TransactionService } from 'src/database/transaction.service';
import { PatientsService } from 'src/patients/patients.service';
import { UsersService } from 'src/users/users.service';

const RESOURCE = 'Consent';

@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly patients: PatientsService,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    patientId: string,
    dto: CreateConsentDto,
  ): Promise<ConsentResponseDto> {
    const signedAt = new Date(dto.signedAt);
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : null;
    if (signedAt.getTime() > Date.now() + 5 * 60 * 1000) {
      throw new ConsentException(
        ConsentExceptionCode.INVALID_CONSENT_DATES,
        'signedAt cannot be in the future',
        { errors: [{ field: 'signedAt', message: 'cannot be in the future' }] },
      );
    }
    if (expiresAt && expiresAt.getTime() <= signedAt.getTime()) {
      throw new ConsentException(
        ConsentExceptionCode.INVALID_CONSENT_DATES,
        'expiresAt must be after signedAt',
        { errors: [{ field: 'expiresAt', message: 'must be after signedAt' }] },
      );
    }
    return this.tx.run(async (manager) => {
      const patient = await this.patients.getOrFail(actor, patientId, manager);
      const witnessedBy = dto.witnessedBy ?? actor.userId;
      if (!(await this.users.activeRoleIn(witnessedBy, patient.clinicId, manager))) {
        throw new ConsentException(
          ConsentExceptionCode.WITNESS_NOT_STAFF,
          'The witness must be an active staff member of the patient’s clinic',
          {
            errors: [{ field: 'witnessedBy', message: 'not an active staff member of the clinic' }],
          },
        );
      }
      const consent = await this.consents.insert(manager, {
        clinicId: patient.clinicId,
        patientId,
        kind: dto.kind,
        signedAt,
        expiresAt,
        signedByPatient: true,
        witnessedBy,
        documentReference: dto.documentReference ?? null,
        recordedBy: actor.userId,
        revokedAt: null,
        revokedBy: null,
        revocationReason: null,
      });
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceId: consent.id,
          clinicId: patient.clinicId,
          details: { patientId, kind: dto.kind },
        },
        manager,
      );
      return mapConsent(consent);
    });
  }

  async revoke(
    actor: Actor,
    patientId: string,
    id: string,
    dto: RevokeConsentDto,
  ): Promise<ConsentResponseDto> {
    return this.tx.run(async (manager) => {
      const consent = await this.getOrFail(actor, patientId, id, manager, true);
      if (consent.revokedAt) {
        throw new ConsentException(
          ConsentExceptionCode.CONSENT_ALREADY_REVOKED,
          'The consent is already revoked',
        );
      }
      Object.assign(consent, {
        revokedAt: new Date(),
        revokedBy: actor.userId,
        revocationReason: dto.reason,
      });
      await this.consents.save(manager, consent);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: 'revoke',
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: consent.clinicId,
          details: { patientId, fields: ['reason'] },
        },
        manager,
      );
      return mapConsent(consent);
    });
  }

  async get(actor: Actor, patientId: string, id: string): Promise<ConsentResponseDto> {
    const consent = await this.consents.readAudited(patientId, id, actor);
    if (!consent) {
      throw ConsentException.notFound();
    }
    return mapConsent(consent);
  }

  async list(
    actor: Actor,
    patientId: string,
    query: PageQueryDto,
  ): Promise<Page<ConsentResponseDto>> {
    const patient = await this.patients.getOrFail(actor, patientId);
    const rows = await this.consents.listAudited(
      patient,
      actor,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    const now = new Date();
    return toPage(
      rows,
      query.limit,
      (c) => mapConsent(c, now),
      (c) => [c.createdAt.toISOString(), c.id],
    );
  }

  /** For other modules (the sessions gate): a signed, unrevoked, unexpired consent to IV ketamine treatment. */
  async hasActiveConsent(patientId: string, at: Date, manager?: EntityManager): Promise<boolean> {
    return this.consents.existsActive(
      patientId,
      ConsentKind.KETAMINE_INFUSION_OFF_LABEL,
      at,
      manager,
    );
  }

  private async getOrFail(
    actor: Actor,
    patientId: string,
    id: string,
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ConsentEntity> {
    const consent = await this.consents.findForPatient(
      patientId,
      id,
      actor.clinicIds,
      manager,
      forUpdate,
    );
    if (!consent) {
      throw ConsentException.notFound();
    }
    return consent;
  }
}
