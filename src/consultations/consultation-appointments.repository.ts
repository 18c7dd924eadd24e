import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { pageAudited, readAudited } from 'src/audit/audited-reads';
import { ConsultationAppointmentEntity } from 'src/consultations/consultation.entity';
import {
  consultationAppointmentPage,
  ConsultationAppointmentSearch,
} from 'src/consultations/consultations.sql';
import { SqlService } from 'src/database/sql.service';

export const CONSULTATION_APPOINTMENT_RESOURCE = 'ConsultationAppointment';

@Injectable()
export class ConsultationAppointmentsRepository {
  constructor(
    @InjectRepository(ConsultationAppointmentEntity)
    private readonly appointments: Repository<ConsultationAppointmentEntity>,
    private readonly sql: SqlService,
  ) {}

  async findInScope(
    id: string,
    scope: string[],
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ConsultationAppointmentEntity | null> {
    if (scope.length === 0) {
      return null;
    }
    const qb = (manager ?? this.appointments.manager)
      .getRepository(ConsultationAppointmentEntity)
      .createQueryBuilder('a')
      .where('a.id = :id AND a.clinic_id = ANY(:scope)', { id, scope });
    if (forUpdate) {
      qb.setLock('pessimistic_write');
    }
    return qb.getOne();
  }

  /** The agenda: by start time, keyset over (starts_at, id). */
  /** One appointment in scope, with its READ event written by the same statement. */
  readAudited(id: string, actor: Actor): Promise<ConsultationAppointmentEntity | null> {
    return readAudited(this.sql, ConsultationAppointmentEntity, 'consultation_appointments', id, {
      actor,
      resourceType: CONSULTATION_APPOINTMENT_RESOURCE,
    });
  }

  /** A page of the calendar (plus one row) with its LIST events, in one statement. */
  async searchAudited(
    s: ConsultationAppointmentSearch,
    audit: { actor: Actor; filters: string[] },
  ): Promise<ConsultationAppointmentEntity[]> {
    const rows = await pageAudited(this.sql, consultationAppointmentPage(s), {
      ...audit,
      resourceType: CONSULTATION_APPOINTMENT_RESOURCE,
    });
    return this.sql.entities(
      ConsultationAppointmentEntity,
      rows.map((r) => r.row),
    );
  }

  async insert(
    manager: EntityManager,
    appointment: Partial<ConsultationAppointmentEntity>,
  ): Promise<ConsultationAppointmentEntity> {
    const repo = manager.getRepository(ConsultationAppointmentEntity);
    return repo.save(repo.create(appointment));
  }

  async save(
    manager: EntityManager,
    appointment: ConsultationAppointmentEntity,
  ): Promise<ConsultationAppointmentEntity> {
    return manager.getRepository(ConsultationAppointmentEntity).save(appointment);
  }
}
