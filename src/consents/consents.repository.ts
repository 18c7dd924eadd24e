import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readAudited } from 'src/audit/audited-reads';
import { CursorValue } from 'src/common/pagination/cursor';
import { ConsentEntity, ConsentKind } from 'src/consents/consent.entity';
import { consentPage } from 'src/consents/consents.sql';
import { SqlService } from 'src/database/sql.service';

export const CONSENT_RESOURCE = 'Consent';

@Injectable()
export class ConsentsRepository {
  constructor(
    @InjectRepository(ConsentEntity) private readonly consents: Repository<ConsentEntity>,
    private readonly sql: SqlService,
  ) {}

  private repo(manager?: EntityManager): Repository<ConsentEntity> {
    return manager ? manager.getRepository(ConsentEntity) : this.consents;
  }

  async insert(manager: EntityManager, consent: Partial<ConsentEntity>): Promise<ConsentEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create(consent));
  }

  async save(manager: EntityManager, consent: ConsentEntity): Promise<ConsentEntity> {
    return this.repo(manager).save(consent);
  }

  async findForPatient(
    patientId: string,
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ConsentEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = this.repo(manager)
      .createQueryBuilder('c')
      .where('c.id = :id AND c.patient_id = :patientId AND c.clinic_id = ANY(:scope)', {
        id,
        patientId,
        scope,
      });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** One consent of the patient's, with its READ event written by the same statement. */
  readAudited(patientId: string, id: string, actor: Actor): Promise<ConsentEntity | null> {
    return readAudited(
      this.sql,
      ConsentEntity,
      'consents',
      id,
      { actor, resourceType: CONSENT_RESOURCE },
      { patientId },
    );
  }

  /** A page of the patient's consents (plus one row) with its LIST event, in one statement. */
  async listAudited(
    patient: { id: string; clinicId: string },
    actor: Actor,
    limit: number,
    after?: CursorValue[],
  ): Promise<ConsentEntity[]> {
    const rows = await pageAudited(this.sql, consentPage(patient, limit, after), {
      actor,
      resourceType: CONSENT_RESOURCE,
      filters: [],
      details: { patientId: patient.id },
    });
    return this.sql.entities(
      ConsentEntity,
      rows.map((r) => r.row),
    );
  }

  async existsActive(
    patientId: string,
    kind: ConsentKind,
    at: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    return this.repo(manager)
      .createQueryBuilder('c')
      .where('c.patient_id = :patientId AND c.kind = :kind AND c.revoked_at IS NULL', {
        patientId,
        kind,
      })
      .andWhere('c.signed_at <= :at AND (c.expires_at IS NULL OR c.expires_at > :at)', { at })
      .getExists();
  }
}
