import { CursorValue } from 'src/common/pagination/cursor';
import { Statement } from 'src/database/sql.service';
import { PatientEntity } from 'src/patients/patient.entity';

/** A patient as the hot read paths select it: the columns mapPatient needs, with its identifiers. */
export type PatientRow = Pick<
  PatientEntity,
  | 'id'
  | 'clinicId'
  | 'mrn'
  | 'firstName'
  | 'lastName'
  | 'preferredName'
  | 'dateOfBirth'
  | 'sexAtBirth'
  | 'genderIdentity'
  | 'email'
  | 'phone'
  | 'address'
  | 'emergencyContact'
  | 'weightKg'
  | 'weightRecordedAt'
  | 'heightCm'
  | 'archivedAt'
  | 'archivedBy'
  | 'createdAt'
  | 'updatedAt'
  | 'version'
> & { externalIdentifiers: { system: string; value: string }[] };

export interface PatientSearch {
  scope: string[];
  includeArchived: boolean;
  nameTokens: string[];
  dateOfBirth?: string;
  mrn?: string;
  email?: string;
  phoneDigits?: string;
  after?: CursorValue[];
  limit: number;
}

// numeric(5,1) as float8: the same number the entity's decimal transformer gives, without it.
const COLUMNS = `p.id, p.clinic_id AS "clinicId", p.mrn, p.first_name AS "firstName",
  p.last_name AS "lastName", p.preferred_name AS "preferredName", p.date_of_birth AS "dateOfBirth",
  p.sex_at_birth AS "sexAtBirth", p.gender_identity AS "genderIdentity", p.email, p.phone,
  p.address, p.emergency_contact AS "emergencyContact", p.weight_kg::float8 AS "weightKg",
  p.weight_recorded_at AS "weightRecordedAt", p.height_cm::float8 AS "heightCm",
  p.archived_at AS "archivedAt", p.archived_by AS "archivedBy", p.created_at AS "createdAt",
  p.updated_at AS "updatedAt", p.version`;

// Looked up only for the rows a page returns, through patient_identifiers_patient_system_key.
const IDENTIFIERS = (patient: string) => `COALESCE((
    SELECT json_agg(json_build_object('system', i.system, 'value', i.value))
      FROM patient_identifiers i WHERE i.patient_id = ${patient}.id), '[]'::json)`;

/** One patient, if in scope: the clinic scope is in the query, so a foreign patient is not found. */
export function patientByIdStatement(id: string, scope: string[]): Statement {
  return {
    text: `SELECT ${COLUMNS}, ${IDENTIFIERS('p')} AS "externalIdentifiers"
             FROM patients p WHERE p.id = $1 AND p.clinic_id = ANY($2::uuid[])`,
    values: [id, scope],
  };
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of patients in (created_at, id) order, keyset after the cursor. Each clinic of the scope
 * is read on its own (a LATERAL join over the scope) so every read walks its clinic's
 * (clinic_id, created_at, id) index in order and stops at the page size; `clinic_id = ANY(scope)
 * ORDER BY created_at` cannot, and sorts the whole scope (ARCHITECTURE.md, performance facts).
 * With a filter, the planner may instead take the filter's own index and sort the few matches.
 */
export function patientSearchStatement(s: PatientSearch): Statement {
  const values: unknown[] = [s.scope, s.limit + 1];
  const param = (value: unknown) => `$${values.push(value)}`;
  const where = ['p.clinic_id = scope.clinic_id'];
  if (!s.includeArchived) {
    where.push('p.archived_at IS NULL');
  }
  for (const token of s.nameTokens) {
    const t = `lower(f_unaccent(${param(escapeLike(token))})) || '%'`;
    where.push(
      `(p.last_name_key LIKE ${t} OR p.first_name_key LIKE ${t} OR p.preferred_name_key LIKE ${t})`,
    );
  }
  if (s.dateOfBirth) where.push(`p.date_of_birth = ${param(s.dateOfBirth)}::date`);
  if (s.mrn) where.push(`p.mrn = ${param(s.mrn)}`);
  if (s.email) where.push(`lower(p.email) = lower(${param(s.email)})`);
  if (s.phoneDigits) {
    // Numbers ending with the digits given (the country code may be left out); the pattern is a
    // constant prefix of the reversed digits, for patients_phone_suffix_idx.
    where.push(
      `reverse(p.phone_digits) LIKE ${param([...s.phoneDigits].reverse().join('') + '%')}`,
    );
  }
  if (s.after) {
    where.push(
      `(p.created_at, p.id) > (${param(s.after[0])}::timestamptz, ${param(s.after[1])}::uuid)`,
    );
  }
  return {
    text: `SELECT page.*, ${IDENTIFIERS('page')} AS "externalIdentifiers"
      FROM (SELECT in_clinic.* FROM unnest($1::uuid[]) AS scope (clinic_id)
        CROSS JOIN LATERAL (
          SELECT ${COLUMNS} FROM patients p
           WHERE ${where.join(' AND ')}
           ORDER BY p.created_at, p.id LIMIT $2) in_clinic
        ORDER BY in_clinic."createdAt", in_clinic.id LIMIT $2) page
      ORDER BY page."createdAt", page.id`,
    values,
  };
}

export const PATIENT_PAGE_ORDER = '"createdAt", id';
