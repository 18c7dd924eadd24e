import { Statement } from 'src/database/sql.service';

/**
 * A patient's outcome series in one row: the patient (in scope, or no row), the course that frames
 * it (the plan whose induction started last, with its first induction infusion) and the scored
 * assessments of the outcome instruments, oldest first. One round trip where there were five.
 */
export interface PatientOutcomesRow {
  id: string;
  clinicId: string;
  planId: string | null;
  inductionStartedAt: Date | null;
  firstInductionInfusionAt: Date | null;
  assessments: unknown;
}

export function patientOutcomesStatement(
  patientId: string,
  scope: string[],
  codes: string[],
): Statement {
  return {
    text: `SELECT p.id, p.clinic_id AS "clinicId", course.id AS "planId",
        course.induction_started_at AS "inductionStartedAt",
        (SELECT min(i.completed_at) FROM treatment_plan_infusions i
          WHERE i.plan_id = course.id AND i.phase = 'induction') AS "firstInductionInfusionAt",
        (SELECT json_agg(a ORDER BY a.administered_at, a.id) FROM assessments a
          WHERE a.patient_id = p.id AND a.clinic_id = ANY($2::uuid[])
            AND a.instrument_code = ANY($3::text[]) AND a.total IS NOT NULL) AS assessments
      FROM patients p
      LEFT JOIN LATERAL (
        SELECT tp.id, tp.induction_started_at FROM treatment_plans tp
         WHERE tp.patient_id = p.id AND tp.clinic_id = ANY($2::uuid[])
           AND tp.induction_started_at IS NOT NULL
         ORDER BY tp.induction_started_at DESC, tp.id DESC LIMIT 1) course ON true
      WHERE p.id = $1 AND p.clinic_id = ANY($2::uuid[])`,
    values: [patientId, scope, codes],
  };
}
