import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { CursorValue } from 'src/common/pagination/cursor';
import { ConsultationAppointmentStatus } from 'src/consultations/consultation-request.rules';
import { ConsultationAppointmentEntity } from 'src/consultations/consultation.entity';

export interface ConsultationAppointmentSearch {
  scope: string[];
  /** A local calendar day of each appointment's clinic. */
  date?: string;
  from?: string;
  to?: string;
  clinicianId?: string;
  patientId?: string;
  status?: ConsultationAppointmentStatus;
  after?: CursorValue[];
  limit: number;
}

@Injectable()
export class ConsultationAppointmentsRepository {
  constructor(
    @InjectRepository(ConsultationAppointmentEntity)
    private readonly appointments: Repository<ConsultationAppointmentEntity>,
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
  async search(s: ConsultationAppointmentSearch): Promise<ConsultationAppointmentEntity[]> {
    if (s.scope.length === 0) {
      return [];
    }
    const qb = this.appointments
      .createQueryBuilder('a')
      .where('a.clinic_id = ANY(:scope)', { scope: s.scope });
    if (s.date) {
      // The clinic's local day, whatever the server's or the caller's time zone.
      qb.andWhere(
        `a.starts_at >= (:day::date)::timestamp AT TIME ZONE (SELECT c.timezone FROM clinics c WHERE c.id = a.clinic_id)
         AND a.starts_at < (:day::date + 1)::timestamp AT TIME ZONE (SELECT c.timezone FROM clinics c WHERE c.id = a.clinic_id)`,
        { day: s.date },
      );
    }
    if (s.from) qb.andWhere('a.starts_at >= :from::timestamptz', { from: s.from });
    if (s.to) qb.andWhere('a.starts_at < :to::timestamptz', { to: s.to });
    if (s.clinicianId) qb.andWhere('a.clinician_id = :clinicianId', { clinicianId: s.clinicianId });
    if (s.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: s.patientId });
    if (s.status) qb.andWhere('a.status = :status', { status: s.status });
    if (s.after) {
      qb.andWhere('(a.starts_at, a.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: s.after[0],
        afterId: s.after[1],
      });
    }
    return qb
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(s.limit + 1)
      .getMany();
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
