import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { ClinicSettings } from 'src/clinics/clinic-settings';
import { PatientsService } from 'src/patients/patients.service';
import { ChairsService } from 'src/sessions/chairs.service';
import {
  evaluateMomentOfCare,
  MomentOfCareCheck,
  MomentOfCareStep,
} from 'src/sessions/moment-of-care.rules';
import { InfusionSessionEntity } from 'src/sessions/session.entity';
import { SessionsRepository } from 'src/sessions/sessions.repository';

/**
 * Gathers, under locks, what the moment-of-care checks judge (moment-of-care.rules.ts). The locks
 * are taken in the order every writer uses (session, patient, chair, nurse), so that of two
 * parallel starts in one chair, or under one nurse at her limit, the second waits for the first
 * to commit and then sees it. The exclusion constraints and the nurse trigger on occupied_during
 * hold the same rules in the database whatever code writes the row.
 */
@Injectable()
export class MomentOfCareService {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly patients: PatientsService,
    private readonly chairs: ChairsService,
  ) {}

  async check(
    actor: Actor,
    manager: EntityManager,
    session: InfusionSessionEntity,
    step: MomentOfCareStep,
    context: { now: Date; minHoursBetweenInfusions: number; settings: ClinicSettings },
    /** When the request is made: a late step (now < until) is judged over [now, until]. */
    until: Date = context.now,
  ): Promise<MomentOfCareCheck[]> {
    await this.patients.getOrFail(actor, session.patientId, manager);
    if (step === 'start') {
      await this.chairs.getOrFail(actor, session.clinicId, session.chairId, manager);
      await this.sessions.lockNurse(manager, session.nurseId);
    }
    const { now } = context;
    // At check-in the infusion is still to come: spacing is judged at the later of now and the
    // booked start (booking already checked the booked start); at start it is judged at now.
    const spacingAt =
      step === 'check_in' && session.scheduledStart.getTime() > now.getTime()
        ? session.scheduledStart
        : now;
    // A live start claims the chair, the patient and the nurse from now on, open-ended
    // (occupyFrom): it is judged over that whole range, as the exclusion constraints and the nurse
    // trigger judge it. The clock was read before the locks were taken, so a concurrent start that
    // got the locks first may have started a moment after `now`; judged at `now` alone it went
    // unseen here and the database refused the write instead (409, not the check's 422).
    const liveStart = step === 'start' && until <= now;
    const facts = await this.sessions.momentOfCareFacts(manager, {
      sessionId: session.id,
      patientId: session.patientId,
      chairId: session.chairId,
      nurseId: session.nurseId,
      at: now,
      until: liveStart ? null : until < now ? now : until,
      spacingAt,
      hours: context.minHoursBetweenInfusions,
    });
    return evaluateMomentOfCare({
      step,
      now,
      scheduledStart: session.scheduledStart,
      patientOtherSession: facts.patientOther,
      chairOccupants: facts.chair,
      nurseOccupied: facts.nurse,
      infusionsWithinSpacing: facts.spacing,
      minHoursBetweenInfusions: context.minHoursBetweenInfusions,
      settings: context.settings,
    });
  }
}
