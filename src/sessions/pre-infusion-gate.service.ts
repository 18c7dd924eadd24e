import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, StaffRole } from 'src/auth/actor';
import { ClinicSettings } from 'src/clinics/clinic-settings';
import { ConsentsService } from 'src/consents/consents.service';
import { PatientsService } from 'src/patients/patients.service';
import { ScreeningsService } from 'src/screenings/screenings.service';
import { computeDose, dosingWeightKg } from 'src/sessions/dosing.rules';
import { evaluatePreInfusionGate, GateCheckResult } from 'src/sessions/pre-infusion-gate.rules';
import { SessionHooks } from 'src/sessions/session-hooks';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionsRepository } from 'src/sessions/sessions.repository';
import { latestReadingAt } from 'src/sessions/vitals.rules';
import { StaffCredentialChecksService } from 'src/staff-credentials/staff-credential-checks.service';
import { PlanSnapshot } from 'src/treatment-plans/plan-snapshot';

export interface GateDose {
  weightKg: number;
  totalDoseMg: number;
  ceilingMg: number;
}

/**
 * Gathers the facts the pre-infusion gate judges (§2.4): the patient's weight, consent, the
 * screening that counts, the latest pre-infusion vitals, the dose against its ceilings, and the
 * checks other modules registered (e.g. an unreviewed suicide-risk alert). The rules themselves
 * are pure functions in pre-infusion-gate.rules.ts and dosing.rules.ts.
 */
@Injectable()
export class PreInfusionGateService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly patients: PatientsService,
    private readonly consents: ConsentsService,
    private readonly screenings: ScreeningsService,
    private readonly hooks: SessionHooks,
    private readonly staffCredentials: StaffCredentialChecksService,
  ) {}

  /** Every failed check of the gate, the dose computation and the registered extra checks. */
  async evaluate(
    actor: Actor,
    manager: EntityManager,
    session: InfusionSessionEntity,
    plan: PlanSnapshot,
    settings: ClinicSettings,
    now: Date,
  ): Promise<{ failures: GateCheckResult[]; dose: GateDose | null }> {
    // Locked (session, then patient, as discharge does): a concurrent archive or weight change
    // cannot slip past the gate.
    const patient = await this.patients.getOrFail(actor, session.patientId, manager);
    const failures: GateCheckResult[] = [];
    if (plan.status !== 'active' && plan.status !== 'maintenance') {
      failures.push({
        check: 'PLAN_NOT_ACTIVE',
        message: `The plan is ${plan.status}`,
        overridable: false,
      });
    }
    // Flagged after a serious or severe adverse event (§3.5): no infusion until a clinician has
    // reviewed the plan (POST /treatment-plans/{id}/clear-review).
    if (plan.needsClinicalReview) {
      failures.push({
        check: 'PLAN_NEEDS_CLINICAL_REVIEW',
        message:
          'The treatment plan awaits a clinician’s review (e.g. after a serious adverse event)',
        overridable: false,
      });
    }
    const vitals = (await this.sessions.vitalsOf(session.id, manager)).filter(
      (v) => v.phase === 'pre',
    );
    const latest = latestReadingAt(vitals, now);
    failures.push(
      ...evaluatePreInfusionGate({
        now,
        consentOnFile: await this.consents.hasActiveConsent(patient.id, now, manager),
        screening: await this.screenings.latestScreening(patient.id, manager, now),
        escortConfirmed: session.escortConfirmed,
        fastingConfirmed: session.fastingConfirmed,
        weightKg: patient.weightKg,
        weightRecordedAt: patient.weightRecordedAt,
        latestVitals: latest,
        settings,
      }),
    );
    let dose: GateDose | null = null;
    if (patient.weightKg !== null) {
      const weightKg = dosingWeightKg({
        basis: plan.protocol.weightBasis,
        weightKg: patient.weightKg,
        heightCm: patient.heightCm,
        sexAtBirth: patient.sexAtBirth,
      });
      if (weightKg === null) {
        failures.push({
          check: 'HEIGHT_REQUIRED_FOR_WEIGHT_BASIS',
          message: `Dosing on ${plan.protocol.weightBasis} weight needs the patient's height`,
          overridable: false,
        });
      } else {
        const computed = computeDose({
          weightKg,
          doseMgPerKg: plan.protocol.doseMgPerKg,
          ceilingMgPerKg: plan.protocol.ceilingMgPerKg,
          clinicMaxMgPerKg: settings.maxDoseMgPerKg,
        });
        failures.push(...computed.failures);
        dose = { weightKg, totalDoseMg: computed.totalDoseMg, ceilingMg: computed.ceilingMg };
      }
    }
    // §3.3: the booked nurse and the supervising clinician (the starting clinician, or when a
    // nurse starts, any active clinician of the clinic: no on-site roster yet) hold their credentials.
    failures.push(
      ...(await this.staffCredentials.checkInfusionStaff(manager, {
        clinicId: session.clinicId,
        nurseId: session.nurseId,
        supervisingClinicianId: actor.role === StaffRole.CLINICIAN ? actor.userId : null,
        at: now,
      })),
    );
    // A nurse starting another nurse's booking is at the chair too: she is held to the same cards.
    if (actor.role === StaffRole.NURSE && actor.userId !== session.nurseId) {
      failures.push(
        ...(await this.staffCredentials.checkNurse(manager, {
          clinicId: session.clinicId,
          nurseId: actor.userId,
          at: now,
        })),
      );
    }
    failures.push(
      ...(await this.hooks.runPreInfusionChecks(manager, {
        sessionId: session.id,
        clinicId: session.clinicId,
        patientId: session.patientId,
        planId: session.planId,
        at: now,
      })),
    );
    return { failures, dose };
  }
}
