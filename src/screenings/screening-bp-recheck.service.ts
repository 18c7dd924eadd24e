import { Injectable } from '@nestjs/common';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { TransactionService } from 'src/database/transaction.service';
import { PatientsService } from 'src/patients/patients.service';
import { bpRecheckRefusals } from 'src/screenings/bp-recheck.rules';
import {
  assessEligibility,
  permitsTreatment,
  ScreeningFacts,
} from 'src/screenings/eligibility.rules';
import {
  mapScreening,
  RecheckScreeningBloodPressureDto,
  ScreeningResponseDto,
} from 'src/screenings/screening.dto';
import { ScreeningEntity } from 'src/screenings/screening.entity';
import { ScreeningException, ScreeningExceptionCode } from 'src/screenings/screening.exception';
import { ScreeningsRepository } from 'src/screenings/screenings.repository';

/** The stored facts of a screening as the eligibility rules read them. */
function factsOf(s: ScreeningEntity): ScreeningFacts {
  return {
    ...s,
    psychiatric: s.psychiatricHistory,
    cardiac: s.cardiacHistory,
    other: s.otherConditions,
    bloodPressureRecheck:
      s.bpRecheckSystolic !== null && s.bpRecheckDiastolic !== null
        ? { systolic: s.bpRecheckSystolic, diastolic: s.bpRecheckDiastolic }
        : null,
  };
}

/**
 * §2.3 "Allow a re-check after 5 to 10 min of rest before holding": one re-check of the screening
 * blood pressure, on a screening not yet signed; eligibility is computed again on the re-check.
 */
@Injectable()
export class ScreeningBpRecheckService {
  constructor(
    private readonly screenings: ScreeningsRepository,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async recheck(
    actor: Actor,
    patientId: string,
    id: string,
    dto: RecheckScreeningBloodPressureDto,
  ): Promise<ScreeningResponseDto> {
    return this.tx.run(async (manager) => {
      // The patient's and the screening's row locks serialise this with signing and other re-checks.
      const patient = await this.patients.getOrFail(actor, patientId, manager);
      const screening = await this.screenings.findForPatient(
        patientId,
        id,
        actor.clinicIds,
        manager,
        true,
      );
      if (!screening) {
        throw ScreeningException.notFound();
      }
      this.assertChangeable(screening, patient.archivedAt !== null);
      const settings = await this.clinics.settingsOf(screening.clinicId, manager);
      const measuredAt = new Date(dto.measuredAt);
      const refusals = bpRecheckRefusals(
        {
          systolic: screening.systolicBp,
          diastolic: screening.diastolicBp,
          measuredAt: screening.screenedAt,
        },
        { ...dto, measuredAt, restedMinutes: dto.restedMinutes ?? null },
        settings,
      );
      if (refusals.length > 0) {
        throw new ScreeningException(
          ScreeningExceptionCode.BP_RECHECK_NOT_ALLOWED,
          `The blood-pressure re-check cannot replace the first reading: ${refusals.length} check(s) failed`,
          { failedChecks: refusals },
        );
      }
      Object.assign(screening, {
        bpRecheckSystolic: dto.systolic,
        bpRecheckDiastolic: dto.diastolic,
        bpRecheckMeasuredAt: measuredAt,
        bpRecheckRestedMinutes: dto.restedMinutes ?? null,
        bpRecheckRecordedBy: actor.userId,
        bpRecheckRecordedAt: new Date(),
      });
      Object.assign(screening, assessEligibility(factsOf(screening), settings));
      await this.screenings.save(manager, screening);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: 'bp-recheck',
          resourceType: 'Screening',
          resourceId: screening.id,
          clinicId: screening.clinicId,
          // Field names only: the readings and the decision are clinical values.
          details: { patientId, fields: Object.keys(dto) },
        },
        manager,
      );
      return mapScreening(
        screening,
        settings.screeningValidityDays,
        permitsTreatment(screening.decision, screening.overridden),
      );
    });
  }

  private assertChangeable(screening: ScreeningEntity, patientArchived: boolean): void {
    if (screening.signedAt) {
      throw new ScreeningException(
        ScreeningExceptionCode.SCREENING_ALREADY_SIGNED,
        'The screening is signed and cannot change; record a new screening instead',
      );
    }
    if (screening.bpRecheckMeasuredAt) {
      throw new ScreeningException(
        ScreeningExceptionCode.BP_RECHECK_ALREADY_RECORDED,
        'The screening already has its blood-pressure re-check; record a new screening to measure again',
      );
    }
    if (patientArchived) {
      throw new ScreeningException(
        ScreeningExceptionCode.PATIENT_ARCHIVED,
        'An archived patient cannot be screened; restore it first',
      );
    }
  }
}
