import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { StaffRole } from 'src/auth/actor';
import { ClinicsService } from 'src/clinics/clinics.service';
import { localDate } from 'src/common/domain/calendar';
import type { GateCheckResult } from 'src/sessions/pre-infusion-gate.rules';
import {
  credentialFailures,
  HeldCredential,
  supervisorPoolFailures,
} from 'src/staff-credentials/staff-credential.rules';
import { StaffCredentialsRepository } from 'src/staff-credentials/staff-credentials.repository';
import { UsersService } from 'src/users/users.service';

/**
 * Whether the people at the chair are qualified (§3.3), for the sessions module: the clinic's
 * `infusionNurseRequiredCredentials` and `supervisingClinicianRequiredCredentials`, each valid on
 * the session's date in the clinic's calendar. Failures are absolute gate checks. Runs in the
 * caller's transaction.
 */
@Injectable()
export class StaffCredentialChecksService {
  constructor(
    private readonly credentials: StaffCredentialsRepository,
    private readonly users: UsersService,
    private readonly clinics: ClinicsService,
  ) {}

  /**
   * For booking (§3.3): the failures of the booked nurse against the clinic's
   * `infusionNurseRequiredCredentials`, valid on the session's date in the clinic's calendar.
   */
  async checkNurse(
    manager: EntityManager,
    input: { clinicId: string; nurseId: string; at: Date },
  ): Promise<GateCheckResult[]> {
    const { required, on } = await this.requirements(manager, input.clinicId, input.at);
    const held = await this.credentials.liveOfUsers([input.nurseId], required.nurse, manager);
    return credentialFailures({ role: 'nurse', required: required.nurse, held, on });
  }

  /**
   * For the pre-infusion gate (§3.3): the nurse's failures, and the supervising clinician's against
   * `supervisingClinicianRequiredCredentials`. With `supervisingClinicianId` null (a nurse starts)
   * at least one active clinician of the clinic must qualify: there is no roster of who is on site.
   */
  async checkInfusionStaff(
    manager: EntityManager,
    input: { clinicId: string; nurseId: string; supervisingClinicianId: string | null; at: Date },
  ): Promise<GateCheckResult[]> {
    const { required, on } = await this.requirements(manager, input.clinicId, input.at);
    const nurseHeld = await this.credentials.liveOfUsers([input.nurseId], required.nurse, manager);
    const failures = credentialFailures({
      role: 'nurse',
      required: required.nurse,
      held: nurseHeld,
      on,
    });
    if (required.supervisor.length === 0) {
      return failures;
    }
    const clinicianIds = input.supervisingClinicianId
      ? [input.supervisingClinicianId]
      : (await this.users.activeStaffOf(input.clinicId, [StaffRole.CLINICIAN], manager)).map(
          (c) => c.id,
        );
    const held = await this.credentials.liveOfUsers(clinicianIds, required.supervisor, manager);
    const heldBy = (id: string): HeldCredential[] => held.filter((h) => h.userId === id);
    return failures.concat(
      input.supervisingClinicianId
        ? credentialFailures({
            role: 'clinician',
            required: required.supervisor,
            held: heldBy(input.supervisingClinicianId),
            on,
          })
        : supervisorPoolFailures({
            required: required.supervisor,
            clinicians: clinicianIds.map(heldBy),
            on,
          }),
    );
  }

  private async requirements(manager: EntityManager, clinicId: string, at: Date) {
    const settings = await this.clinics.settingsOf(clinicId, manager);
    return {
      required: {
        nurse: settings.infusionNurseRequiredCredentials,
        supervisor: settings.supervisingClinicianRequiredCredentials,
      },
      on: localDate(at, await this.clinics.timezoneOf(clinicId, manager)),
    };
  }
}
