import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import { ClinicException } from 'src/clinics/clinic.exception';
import { AssessmentEntity } from 'src/follow-ups/assessment.entity';
import { AssessmentsRepository } from 'src/follow-ups/assessments.repository';
import { findInstrument, InstrumentCode, INSTRUMENTS } from 'src/follow-ups/instrument.catalog';
import {
  ClinicOutcomesDto,
  mapIndicationOutcome,
  mapInstrumentOutcome,
  PatientOutcomesDto,
} from 'src/follow-ups/outcome.dto';
import {
  clinicOutcomes,
  END_OF_INDUCTION_WINDOW_DAYS,
  instrumentOutcome,
  ScorePoint,
} from 'src/follow-ups/outcome.rules';
import { PatientException } from 'src/patients/patient.exception';

const OUTCOME_CODES = [...new Set(INSTRUMENTS.filter((i) => i.outcomeMeasure).map((i) => i.code))];

export const toPoint = (a: AssessmentEntity): ScorePoint => ({
  assessmentId: a.id,
  administeredAt: a.administeredAt,
  context: a.context,
  total: a.total,
  band: a.band,
});

@Injectable()
export class OutcomesService {
  constructor(private readonly assessments: AssessmentsRepository) {}

  /**
   * Per outcome instrument the patient was assessed with: baseline, latest, change, response,
   * meaningful improvement, remission, series; judged within the patient's current (or most
   * recent) plan's course when there is one (§5: from the pre-induction baseline).
   */
  async forPatient(actor: Actor, patientId: string): Promise<PatientOutcomesDto> {
    const series = await this.assessments.patientSeriesAudited(actor, patientId, OUTCOME_CODES);
    if (!series) {
      throw PatientException.notFound();
    }
    const { course, assessments: rows } = series;
    const now = new Date();
    const instruments = OUTCOME_CODES.flatMap((code) => {
      const def = findInstrument(code);
      const points = rows.filter((r) => (r.instrumentCode as InstrumentCode) === code).map(toPoint);
      const window = course
        ? {
            inductionStartedAt: course.inductionStartedAt,
            baselineUntil: course.firstInductionInfusionAt ?? now,
          }
        : undefined;
      return def && points.length > 0
        ? [mapInstrumentOutcome(def, instrumentOutcome(def, points, window))]
        : [];
    });
    return {
      patientId: series.patientId,
      planId: course?.planId ?? null,
      inductionStartedAt: course?.inductionStartedAt.toISOString() ?? null,
      instruments,
    };
  }

  /**
   * Response and remission among the clinic's plans whose induction finished, by indication, each
   * judged on its indication's primary scale from the plan's pre-induction baseline to the last
   * score up to END_OF_INDUCTION_WINDOW_DAYS after induction ended.
   */
  async forClinic(actor: Actor, clinicId: string): Promise<ClinicOutcomesDto> {
    const series = await this.assessments.clinicSeriesAudited(actor, clinicId, OUTCOME_CODES);
    if (!series) {
      throw ClinicException.notFound();
    }
    const { courses } = series;
    const byKey = new Map<string, ScorePoint[]>();
    series.assessments.forEach((r) => {
      const key = `${r.patientId}:${r.instrumentCode}`;
      byKey.set(key, [...(byKey.get(key) ?? []), toPoint(r)]);
    });
    const indications = clinicOutcomes(
      courses,
      (code) => findInstrument(code),
      (patientId, code) => byKey.get(`${patientId}:${code}`) ?? [],
    );
    return {
      clinicId,
      endOfInductionWindowDays: END_OF_INDUCTION_WINDOW_DAYS,
      indications: indications.map(mapIndicationOutcome),
    };
  }
}
