import { CursorValue } from 'src/common/pagination/cursor';
import {
  ConsultationAppointmentStatus,
  ConsultationRequestStatus,
} from 'src/consultations/consultation-request.rules';
import { ScopedPage } from 'src/database/scoped-page.sql';

export interface ConsultationRequestSearch {
  scope: string[];
  status?: ConsultationRequestStatus;
  after?: CursorValue[];
  limit: number;
}

/**
 * The inbox: newest first, keyset over (created_at, id); each clinic walks
 * consultation_requests_inbox_idx (or _status_idx).
 */
export function consultationRequestPage(s: ConsultationRequestSearch): ScopedPage {
  return {
    table: 'consultation_requests',
    orderColumn: 'created_at',
    orderType: 'timestamptz',
    direction: 'DESC',
    scope: s.scope,
    where: (param) => (s.status ? [`t.status = ${param(s.status)}`] : []),
    after: s.after,
    limit: s.limit,
  };
}

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

/**
 * The calendar: earliest first, keyset over (starts_at, id); each clinic walks
 * consultation_appointments_clinic_time_idx.
 */
export function consultationAppointmentPage(s: ConsultationAppointmentSearch): ScopedPage {
  return {
    table: 'consultation_appointments',
    orderColumn: 'starts_at',
    orderType: 'timestamptz',
    direction: 'ASC',
    scope: s.scope,
    where: (param) => {
      const where: string[] = [];
      if (s.date) {
        // The clinic's local day, whatever the server's or the caller's time zone.
        const day = param(s.date);
        const zone = '(SELECT c.timezone FROM clinics c WHERE c.id = t.clinic_id)';
        where.push(
          `t.starts_at >= (${day}::date)::timestamp AT TIME ZONE ${zone}`,
          `t.starts_at < (${day}::date + 1)::timestamp AT TIME ZONE ${zone}`,
        );
      }
      if (s.from) where.push(`t.starts_at >= ${param(s.from)}::timestamptz`);
      if (s.to) where.push(`t.starts_at < ${param(s.to)}::timestamptz`);
      if (s.clinicianId) where.push(`t.clinician_id = ${param(s.clinicianId)}::uuid`);
      if (s.patientId) where.push(`t.patient_id = ${param(s.patientId)}::uuid`);
      if (s.status) where.push(`t.status = ${param(s.status)}`);
      return where;
    },
    after: s.after,
    limit: s.limit,
  };
}
