import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';

export interface SessionDischargedEvent {
  /** Who discharged or transferred the patient: what the handlers make is audited as caused by it. */
  actor: Actor;
  sessionId: string;
  clinicId: string;
  patientId: string;
  planId: string;
  /** When the patient left: discharged, or transferred to an emergency department. */
  dischargedAt: Date;
  departure: 'discharged' | 'transferred';
}

export interface PreInfusionCheckContext {
  sessionId: string;
  clinicId: string;
  patientId: string;
  planId: string;
  at: Date;
}

export interface PreInfusionCheckResult {
  check: string;
  message: string;
  overridable: boolean;
}

export type DischargedHandler = (
  manager: EntityManager,
  event: SessionDischargedEvent,
) => Promise<void>;
export type PreInfusionCheck = (
  manager: EntityManager,
  context: PreInfusionCheckContext,
) => Promise<PreInfusionCheckResult[]>;

/**
 * The registry through which higher modules (follow-ups) react to sessions without an import
 * cycle: they register in `onModuleInit`. Exported by SessionsModule.
 */
@Injectable()
export class SessionHooks {
  private readonly dischargedHandlers: DischargedHandler[] = [];
  private readonly preInfusionChecks: PreInfusionCheck[] = [];

  /**
   * Runs inside the transaction in which the patient leaves after an infusion (a discharge, or an
   * emergency transfer, which needs its follow-up all the more); a throw rolls it back.
   */
  onDischarged(handler: DischargedHandler): void {
    this.dischargedHandlers.push(handler);
  }

  /** An extra pre-infusion gate check (e.g. an unreviewed suicide-risk alert); returns failures. */
  addPreInfusionCheck(check: PreInfusionCheck): void {
    this.preInfusionChecks.push(check);
  }

  /** For SessionsService: runs every discharged handler in order, in the caller's transaction. */
  async runDischarged(manager: EntityManager, event: SessionDischargedEvent): Promise<void> {
    for (const handler of this.dischargedHandlers) {
      await handler(manager, event);
    }
  }

  /** For SessionsService: the failures of every registered check. */
  async runPreInfusionChecks(
    manager: EntityManager,
    context: PreInfusionCheckContext,
  ): Promise<PreInfusionCheckResult[]> {
    const results: PreInfusionCheckResult[] = [];
    for (const check of this.preInfusionChecks) {
      results.push(...(await check(manager, context)));
    }
    return results;
  }
}
