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

/**
 * A clinic's outcome report in one row (none when the clinic is out of scope): its plans whose
 * induction finished, oldest completion first, each with its first induction infusion, and the
 * scored assessments of those plans' patients on the outcome instruments, oldest first.
 */
export interface ClinicOutcomesRow {
  id: string;
  courses: {
    planId: string;
    patientId: string;
    indication: string;
    inductionStartedAt: string | null;
    firstInductionInfusionAt: string | null;
    inductionCompletedAt: string;
  }[];
  assessments: unknown;
}

export function clinicOutcomesStatement(
  clinicId: string,
  scope: string[],
  codes: string[],
): Statement {
  return {
    text: `WITH courses AS MATERIALIZED (
        SELECT tp.id AS "planId", tp.patient_id AS "patientId", tp.indication,
               tp.induction_started_at AS "inductionStartedAt",
               (SELECT min(i.completed_at) FROM treatment_plan_infusions i
                 WHERE i.plan_id = tp.id AND i.phase = 'induction') AS "firstInductionInfusionAt",
               tp.induction_completed_at AS "inductionCompletedAt"
          FROM treatment_plans tp
         WHERE tp.clinic_id = $1 AND tp.induction_completed_at IS NOT NULL)
      SELECT c.id, c.id AS "clinicId",
             COALESCE((SELECT json_agg(k ORDER BY k."inductionCompletedAt", k."planId")
                         FROM courses k), '[]'::json) AS courses,
             COALESCE((SELECT json_agg(a ORDER BY a.administered_at, a.id) FROM assessments a
                        WHERE a.clinic_id = c.id
                          AND a.patient_id IN (SELECT "patientId" FROM courses)
                          AND a.instrument_code = ANY($3::text[]) AND a.total IS NOT NULL),
                      '[]'::json) AS assessments
        FROM clinics c WHERE c.id = $1 AND c.id = ANY($2::uuid[])`,
    values: [clinicId, scope, codes],
  };
}
