import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from 'src/auth/actor';
import { AuditAction } from 'src/audit/audit-event.entity';
import { AuditService } from 'src/audit/audit.service';
import { ClinicsService } from 'src/clinics/clinics.service';
import { decodeCursor, Page, toPage } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { TransactionService } from 'src/database/transaction.service';
import { PatientsService } from 'src/patients/patients.service';
import {
  ageInYears,
  assessEligibility,
  EligibilityDecision,
  overrideRefusals,
  permitsTreatment,
  screeningValidUntil,
} from 'src/screenings/eligibility.rules';
import {
  CreateScreeningDto,
  mapScreening,
  ScreeningResponseDto,
  SignScreeningDto,
} from 'src/screenings/screening.dto';
import { ScreeningEntity } from 'src/screenings/screening.entity';
import { ScreeningException, ScreeningExceptionCode } from 'src/screenings/screening.exception';
import { ScreeningRecord, ScreeningsRepository } from 'src/screenings/screenings.repository';

const RESOURCE = 'Screening';

const responseOf = ({ screening: s, settings }: ScreeningRecord): ScreeningResponseDto =>
  mapScreening(s, settings.screeningValidityDays, permitsTreatment(s.decision, s.overridden));

export interface SignedDecision {
  screeningId: string;
  decision: EligibilityDecision;
  overridden: boolean;
  signedAt: Date;
  validUntil: Date;
}

/** The patient's latest screening by screenedAt; signedAt and validUntil are null until it is signed. */
export interface LatestScreening {
  screeningId: string;
  decision: EligibilityDecision;
  overridden: boolean;
  signedAt: Date | null;
  validUntil: Date | null;
  primaryIndication: string;
}

@Injectable()
export class ScreeningsService {
  constructor(
    private readonly screenings: ScreeningsRepository,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsService,
    private readonly tx: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async create(
    actor: Actor,
    patientId: string,
    dto: CreateScreeningDto,
  ): Promise<ScreeningResponseDto> {
    if (!dto.indications.includes(dto.primaryIndication)) {
      throw new ScreeningException(
        ScreeningExceptionCode.PRIMARY_INDICATION_NOT_LISTED,
        'primaryIndication must be one of indications',
        { errors: [{ field: 'primaryIndication', message: 'must be one of indications' }] },
      );
    }
    if (dto.screenedAt && Date.parse(dto.screenedAt) > Date.now() + 5 * 60 * 1000) {
      throw new ScreeningException(
        ScreeningExceptionCode.SCREENED_IN_FUTURE,
        'screenedAt cannot be in the future',
        { errors: [{ field: 'screenedAt', message: 'cannot be in the future' }] },
      );
    }
    return this.tx.run(async (manager) => {
      const patient = await this.patients.getOrFail(actor, patientId, manager);
      if (patient.archivedAt) {
        throw new ScreeningException(
          ScreeningExceptionCode.PATIENT_ARCHIVED,
          'An archived patient cannot be screened; restore it first',
        );
      }
      const settings = await this.clinics.settingsOf(patient.clinicId, manager);
      const screenedAt = dto.screenedAt ? new Date(dto.screenedAt) : new Date();
      const facts = {
        ...dto,
        baselineScores: dto.baselineScores ?? [],
        benzodiazepineLorazepamEqMgPerDay: dto.benzodiazepineLorazepamEqMgPerDay ?? null,
        ageYears: ageInYears(patient.dateOfBirth, screenedAt),
      };
      const { decision, reasons } = assessEligibility(
        {
          ...facts,
          psychiatric: dto.psychiatricHistory,
          cardiac: dto.cardiacHistory,
          other: dto.otherConditions,
        },
        settings,
      );
      const screening = await this.screenings.insert(manager, {
        ...facts,
        clinicId: patient.clinicId,
        patientId,
        screenedAt,
        recordedBy: actor.userId,
        decision,
        reasons,
        overridden: false,
        signedAt: null,
        signedBy: null,
        signRationale: null,
        bpRecheckSystolic: null,
        bpRecheckDiastolic: null,
        bpRecheckMeasuredAt: null,
        bpRecheckRestedMinutes: null,
        bpRecheckRecordedBy: null,
        bpRecheckRecordedAt: null,
      });
      await this.audit.record(
        actor,
        {
          action: AuditAction.CREATE,
          resourceType: RESOURCE,
          resourceId: screening.id,
          clinicId: patient.clinicId,
          details: { patientId },
        },
        manager,
      );
      return mapScreening(screening, settings.screeningValidityDays, decision === 'eligible');
    });
  }

  async sign(
    actor: Actor,
    patientId: string,
    id: string,
    dto: SignScreeningDto,
  ): Promise<ScreeningResponseDto> {
    // Issue 3: the decision is signed with who, when and why; the why is never optional.
    if (!dto.rationale) {
      throw new ScreeningException(
        ScreeningExceptionCode.RATIONALE_REQUIRED,
        'Signing a screening needs a rationale',
        { errors: [{ field: 'rationale', message: 'rationale is required' }] },
      );
    }
    const rationale = dto.rationale;
    return this.tx.run(async (manager) => {
      // The patient's row lock serialises signatures (and new screenings) of one patient.
      await this.patients.getOrFail(actor, patientId, manager);
      const screening = await this.getOrFail(actor, patientId, id, manager, true);
      if (screening.signedAt) {
        throw new ScreeningException(
          ScreeningExceptionCode.SCREENING_ALREADY_SIGNED,
          'The screening is already signed; record a new screening instead',
        );
      }
      if (await this.screenings.newerSignedExists(screening.id, manager)) {
        throw new ScreeningException(
          ScreeningExceptionCode.SCREENING_SUPERSEDED,
          'A screening taken after this one is already signed; this one can no longer be signed',
        );
      }
      const override = dto.override === true;
      if (override) {
        this.assertOverridable(screening);
      }
      Object.assign(screening, {
        signedAt: new Date(),
        signedBy: actor.userId,
        signRationale: rationale,
        overridden: override,
      });
      await this.screenings.save(manager, screening);
      await this.audit.record(
        actor,
        {
          action: AuditAction.ACTION,
          actionName: 'sign',
          resourceType: RESOURCE,
          resourceId: id,
          clinicId: screening.clinicId,
          details: { patientId, overridden: override },
        },
        manager,
      );
      return this.toResponse(screening, manager);
    });
  }

  async get(actor: Actor, patientId: string, id: string): Promise<ScreeningResponseDto> {
    const found = await this.screenings.readAudited(patientId, id, actor);
    if (!found) {
      throw ScreeningException.notFound();
    }
    return responseOf(found);
  }

  async list(
    actor: Actor,
    patientId: string,
    query: PageQueryDto,
  ): Promise<Page<ScreeningResponseDto>> {
    const patient = await this.patients.getOrFail(actor, patientId);
    const rows = await this.screenings.listAudited(
      patient,
      actor,
      query.limit,
      query.cursor ? decodeCursor(query.cursor, 2) : undefined,
    );
    return toPage(rows, query.limit, responseOf, (r) => [
      r.screening.createdAt.toISOString(),
      r.screening.id,
    ]);
  }

  /**
   * For other modules (sessions' pre-infusion gate): the signed decision of the screening that
   * counts, i.e. the patient's latest by screenedAt, with its validity under the clinic's
   * screeningValidityDays. Null when the patient has no screening or when that latest screening
   * is not signed yet: a newer unsigned screening (e.g. one recording a pregnancy) is never
   * passed over for an older signed one.
   */
  async latestSignedDecision(
    patientId: string,
    manager?: EntityManager,
  ): Promise<SignedDecision | null> {
    const latest = await this.latestScreening(patientId, manager);
    if (!latest?.signedAt || !latest.validUntil) {
      return null;
    }
    return {
      screeningId: latest.screeningId,
      decision: latest.decision,
      overridden: latest.overridden,
      signedAt: latest.signedAt,
      validUntil: latest.validUntil,
    };
  }

  /**
   * The screening that counts (latest screenedAt), signed or not (plan activation checks which);
   * with `at`, the one that counted then (a late-entered infusion is judged at its stated time).
   */
  async latestScreening(
    patientId: string,
    manager?: EntityManager,
    at?: Date,
  ): Promise<LatestScreening | null> {
    const screening = await this.screenings.latestScreened(patientId, manager, at);
    if (!screening) {
      return null;
    }
    const settings = await this.clinics.settingsOf(screening.clinicId, manager);
    return {
      screeningId: screening.id,
      decision: screening.decision,
      overridden: screening.overridden,
      signedAt: screening.signedAt,
      validUntil: screening.signedAt
        ? screeningValidUntil(
            screening.screenedAt,
            screening.signedAt,
            settings.screeningValidityDays,
          )
        : null,
      primaryIndication: screening.primaryIndication,
    };
  }

  private assertOverridable(screening: ScreeningEntity): void {
    const refusals = overrideRefusals(screening.reasons);
    if (refusals.length > 0) {
      throw new ScreeningException(
        ScreeningExceptionCode.OVERRIDE_NOT_ALLOWED,
        'Absolute contraindications and exclusions cannot be overridden',
        { failedChecks: refusals },
      );
    }
    if (screening.decision !== 'needs_clinician_review') {
      throw new ScreeningException(
        ScreeningExceptionCode.NOTHING_TO_OVERRIDE,
        'The screening has no relative contraindication to override',
      );
    }
  }

  private async getOrFail(
    actor: Actor,
    patientId: string,
    id: string,
    manager?: EntityManager,
    forUpdate = false,
  ): Promise<ScreeningEntity> {
    const screening = await this.screenings.findForPatient(
      patientId,
      id,
      actor.clinicIds,
      manager,
      forUpdate,
    );
    if (!screening) {
      throw ScreeningException.notFound();
    }
    return screening;
  }

  private async toResponse(
    screening: ScreeningEntity,
    manager?: EntityManager,
  ): Promise<ScreeningResponseDto> {
    const settings = await this.clinics.settingsOf(screening.clinicId, manager);
    return mapScreening(
      screening,
      settings.screeningValidityDays,
      permitsTreatment(screening.decision, screening.overridden),
    );
  }
}
