import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  Validate,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Indication } from 'src/common/domain/indication';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  BooleanField,
  DateTimeField,
  DateTimeProperty,
  DecimalField,
  EnumField,
  EnumProperty,
  IntField,
  UuidProperty,
  TextField,
  enumOf,
} from 'src/common/validation/field.decorators';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import { BaselineScale, baselineScoreProblem } from 'src/screenings/baseline-scales.rules';
import { DECISION_BLOOD_PRESSURE, DecisionBloodPressure } from 'src/screenings/bp-recheck.rules';
import {
  decisionBloodPressure,
  EligibilityDecision,
  EligibilityReasonCode,
  MEDICATION_CLASSES,
  MedicationClass,
  ReasonSeverity,
  screeningValidUntil,
  SubstanceUseStatus,
  ThyroidStatus,
  TrialOutcome,
} from 'src/screenings/eligibility.rules';
import { ScreeningEntity } from 'src/screenings/screening.entity';

const TRIAL_OUTCOMES: TrialOutcome[] = [
  'no_response',
  'partial_response',
  'response',
  'not_tolerated',
];
const THYROID: ThyroidStatus[] = [
  'normal',
  'hypothyroid',
  'hyperthyroid_treated',
  'hyperthyroid_untreated',
  'unknown',
];
const SUD: SubstanceUseStatus[] = ['none', 'in_remission', 'active'];
const DECISIONS: EligibilityDecision[] = ['eligible', 'needs_clinician_review', 'ineligible'];
const SEVERITIES: ReasonSeverity[] = ['absolute', 'exclusion', 'relative'];
/** A list as an enum object for EnumField: the same values, and the same message as IsIn. */
export class PsychiatricHistoryDto {
  /** Current psychotic symptoms (§2.2: exclude). */
  @BooleanField() activePsychosis!: boolean;
  /** Current mania or hypomania (§2.2: exclude). */
  @BooleanField() activeMania!: boolean;
  /** Schizophrenia, schizoaffective or another primary psychotic disorder, ever (§2.2: relative). */
  @BooleanField() psychoticDisorderHistory!: boolean;
  @BooleanField() bipolarDisorder!: boolean;
  /** Currently taking a mood stabiliser (§1.4, §2.2). */
  @BooleanField() onMoodStabiliser!: boolean;
  @EnumField(enumOf(SUD), 'SubstanceUseStatus') substanceUseDisorder!: SubstanceUseStatus;
  @ApiProperty({ example: ['alcohol'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  substances?: string[];
}

export class AntidepressantTrialDto {
  @TextField({ min: 1, max: 100, example: 'sertraline' }) drug!: string;
  /** Highest daily dose reached, in mg. */
  @DecimalField({ places: 2, min: 0, max: 10000, example: 150 }) doseMgPerDay!: number;
  /** Weeks at that dose. */
  @IntField({ min: 0, max: 520, example: 8 }) weeks!: number;
  @EnumField(enumOf(TRIAL_OUTCOMES), 'AntidepressantTrialOutcome') outcome!: TrialOutcome;
  /** Tried in the current depressive episode (§2.1 counts only these). */
  @BooleanField() currentEpisode!: boolean;
}

export class MedicationDto {
  @TextField({ min: 1, max: 100 }) name!: string;
  /**
   * The drug class where it matters for ketamine (§2.2): MAOIs, psychostimulants, sedative-hypnotics
   * and opioids are flagged for a clinician's review (INTERACTING_MEDICATION); benzodiazepines are
   * judged by `benzodiazepineLorazepamEqMgPerDay`. Omit for other medications.
   */
  @EnumField(enumOf(MEDICATION_CLASSES), 'MedicationClass', { optional: true })
  drugClass?: MedicationClass;
  @DecimalField({ optional: true, places: 2, min: 0 }) doseMg?: number;
  @ApiProperty({ example: 'twice daily' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  frequency?: string;
}

export class AllergyDto {
  @TextField({ min: 1, max: 100 }) substance!: string;
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reaction?: string;
}

export class CardiacHistoryDto {
  /** Recent MI, unstable angina, uncontrolled arrhythmia, decompensated heart failure (§2.2: absolute while unstable). */
  @BooleanField() unstableCardiovascularDisease!: boolean;
  /** Aortic, intracranial or peripheral aneurysm, or AV malformation (§2.2: absolute). */
  @BooleanField() aneurysmalVascularDisease!: boolean;
  /** A condition where a significant rise in blood pressure would be a serious hazard (§2.2: absolute). */
  @BooleanField() bloodPressureRiseHazard!: boolean;
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class OtherConditionsDto {
  /** §2.2: absolute. */
  @BooleanField() intracerebralHaemorrhageHistory!: boolean;
  /** §2.2: relative. */
  @BooleanField() raisedIntracranialPressure!: boolean;
  /** Glaucoma or open globe injury (§2.2: relative). */
  @BooleanField() raisedIntraocularPressure!: boolean;
  /** §2.2: avoid (relative). */
  @BooleanField() severeHepaticImpairment!: boolean;
}

const scoreProblem = (args: ValidationArguments): string | null => {
  const { instrument } = args.object as { instrument?: unknown };
  return typeof args.value === 'number' && typeof instrument === 'string'
    ? baselineScoreProblem(instrument, args.value)
    : null;
};

@ValidatorConstraint({ name: 'scoreWithinScale' })
class ScoreWithinScale implements ValidatorConstraintInterface {
  validate(_score: unknown, args: ValidationArguments): boolean {
    return scoreProblem(args) === null;
  }

  defaultMessage(args: ValidationArguments): string {
    return `score must fit its scale: ${scoreProblem(args) ?? ''}`;
  }
}

export class BaselineScoreDto {
  /** The rating scale (§5); C-SSRS has no total score and is recorded as an assessment. */
  @EnumField(BaselineScale, 'BaselineScale', { example: BaselineScale.PHQ9 })
  instrument!: BaselineScale;
  /**
   * The total score, a whole number within the scale's range (§5): phq9 0-27, gad7 0-21, pcl5 0-80,
   * madrs 0-60, qids_sr16 0-27, ybocs 0-40, ybocs_ii 0-50, pain_nrs 0-10, cadss 0-92, cadss6 0-24,
   * ymrs 0-60.
   */
  @IntField({ min: 0, max: 92, example: 19 })
  @Validate(ScoreWithinScale)
  score!: number;
  @DateTimeField({ optional: true }) takenAt?: string;
}

export class CreateScreeningDto {
  /** When the screening took place; defaults to now. */
  @DateTimeField({ optional: true }) screenedAt?: string;

  @EnumField(Indication, 'Indication', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  indications!: Indication[];

  /** The indication being treated; must be one of `indications`. */
  @EnumField(Indication, 'Indication') primaryIndication!: Indication;

  @ValidateNested()
  @Type(() => PsychiatricHistoryDto)
  psychiatricHistory!: PsychiatricHistoryDto;

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AntidepressantTrialDto)
  antidepressantTrials!: AntidepressantTrialDto[];

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => MedicationDto)
  currentMedications!: MedicationDto[];

  /** Current benzodiazepine use in mg/day lorazepam-equivalent; omit or null when none. */
  @DecimalField({ optional: true, nullable: true, places: 2, min: 0, max: 1000 })
  benzodiazepineLorazepamEqMgPerDay?: number | null;

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AllergyDto)
  allergies!: AllergyDto[];

  /** Hypersensitivity or a prior serious reaction to ketamine or esketamine (§2.2: absolute). */
  @BooleanField() ketamineHypersensitivity!: boolean;

  @BooleanField() pregnant!: boolean;

  @BooleanField() breastfeeding!: boolean;

  /** Blood pressure at screening, mmHg. */
  @IntField({ min: 50, max: 300, example: 128 }) systolicBp!: number;

  @IntField({ min: 20, max: 200, example: 82 }) diastolicBp!: number;

  @IntField({ min: 20, max: 250, example: 72 }) heartRate!: number;

  @EnumField(enumOf(THYROID), 'ThyroidStatus') thyroidStatus!: ThyroidStatus;

  @ValidateNested()
  @Type(() => CardiacHistoryDto)
  cardiacHistory!: CardiacHistoryDto;

  @ValidateNested()
  @Type(() => OtherConditionsDto)
  otherConditions!: OtherConditionsDto;

  /** Baseline rating scores where taken (e.g. PHQ-9, MADRS). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BaselineScoreDto)
  baselineScores?: BaselineScoreDto[];
}

export class SignScreeningDto {
  /** Override the relative contraindications (never absolute ones or exclusions). */
  @ApiProperty({ default: false })
  @IsOptional()
  @IsBoolean()
  override?: boolean;

  /**
   * Why the clinician signs this decision (recorded with who and when); required on every
   * signature, missing or blank answers 400 RATIONALE_REQUIRED.
   */
  @ApiProperty({
    required: true,
    minLength: 1,
    maxLength: 4000,
    example: 'Stable on lithium for 2 years; benefit outweighs risk',
  })
  // Presence is checked by the service, so that a missing rationale has its own code.
  @TextField({ optional: true, max: 4000 })
  rationale?: string;
}

/**
 * A re-check of the screening blood pressure after rest (§2.3 "allow a re-check after 5 to 10 min
 * of rest before holding"). Its own action rather than a PATCH field: a screening is a
 * point-in-time record that is never edited, the re-check is a second measurement with its own
 * time and rules (422 when it may not replace the first reading), and the first reading stays.
 */
export class RecheckScreeningBloodPressureDto {
  /** Systolic at the re-check, mmHg. */
  @IntField({ min: 50, max: 300, example: 132 }) systolic!: number;

  /** Diastolic at the re-check, mmHg. */
  @IntField({ min: 20, max: 200, example: 84 }) diastolic!: number;

  /**
   * When the re-check was measured: after the first reading (the screening's screenedAt) by at
   * least the clinic's bpRecheckMinRestMinutes (5) and at most bpRecheckMaxMinutes (30); not in
   * the future.
   */
  @DateTimeField({ example: '2026-03-02T09:06:00-07:00' })
  @Validate(IsNotInFuture)
  measuredAt!: string;

  /** Minutes the patient rested before the re-check, when noted; at least bpRecheckMinRestMinutes. */
  @IntField({ optional: true, min: 0, max: 120, example: 6 }) restedMinutes?: number;
}

export class EligibilityReasonDto {
  @EnumProperty(EligibilityReasonCode, 'EligibilityReasonCode') code!: EligibilityReasonCode;
  /** The rule that produced the reason, e.g. `relative-contraindications`. */
  rule!: string;
  @EnumProperty(enumOf(SEVERITIES), 'EligibilityReasonSeverity') severity!: ReasonSeverity;
  message!: string;
}

export class BloodPressureReadingDto {
  @ApiProperty({ example: 150 })
  systolic!: number;
  @ApiProperty({ example: 95 })
  diastolic!: number;
  /** When it was measured (the first reading: the screening's screenedAt). */
  @DateTimeProperty({ example: '2026-03-02T16:00:00.000Z' }) measuredAt!: string;
}

export class BloodPressureRecheckDto {
  @ApiProperty({ example: 132 })
  systolic!: number;
  @ApiProperty({ example: 84 })
  diastolic!: number;
  /** When the re-check was measured. */
  @DateTimeProperty({ example: '2026-03-02T16:06:00.000Z' }) measuredAt!: string;
  /** Minutes of rest before the re-check, when noted. */
  @ApiProperty({ example: 6 })
  restedMinutes!: number | null;
  @UuidProperty() recordedBy!: string;
  @DateTimeProperty() recordedAt!: string;
}

export class ScreeningResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @UuidProperty() patientId!: string;
  @DateTimeProperty() screenedAt!: string;
  @UuidProperty() recordedBy!: string;
  @EnumProperty(Indication, 'Indication', { isArray: true }) indications!: string[];
  @EnumProperty(Indication, 'Indication') primaryIndication!: string;
  psychiatricHistory!: PsychiatricHistoryDto;
  antidepressantTrials!: AntidepressantTrialDto[];
  currentMedications!: MedicationDto[];
  benzodiazepineLorazepamEqMgPerDay!: number | null;
  allergies!: AllergyDto[];
  ketamineHypersensitivity!: boolean;
  pregnant!: boolean;
  breastfeeding!: boolean;
  /** The first reading (also in `bloodPressure`). */
  systolicBp!: number;
  diastolicBp!: number;
  /** The first blood pressure reading, taken at the screening. */
  bloodPressure!: BloodPressureReadingDto;
  /** The re-check after rest (POST …/bp-recheck), or null when none was taken. */
  bloodPressureRecheck!: BloodPressureRecheckDto | null;
  /** Which reading the decision judged: the re-check when there is one, else the initial reading. */
  @EnumProperty(enumOf(DECISION_BLOOD_PRESSURE), 'DecisionBloodPressure', { example: 'recheck' })
  decisionBloodPressure!: DecisionBloodPressure;
  heartRate!: number;
  @EnumProperty(enumOf(THYROID), 'ThyroidStatus') thyroidStatus!: ThyroidStatus;
  cardiacHistory!: CardiacHistoryDto;
  otherConditions!: OtherConditionsDto;
  baselineScores!: BaselineScoreDto[];
  /** Age at screening. */
  ageYears!: number;
  /** Computed by the server from the facts and the clinic's settings. */
  @EnumProperty(enumOf(DECISIONS), 'EligibilityDecision') decision!: EligibilityDecision;
  reasons!: EligibilityReasonDto[];
  @DateTimeProperty({ nullable: true }) signedAt!: string | null;
  @UuidProperty({ nullable: true }) signedBy!: string | null;
  signRationale!: string | null;
  /** The signing clinician overrode the relative contraindications. */
  overridden!: boolean;
  /** Signed and eligible, or signed with its relative contraindications overridden. */
  permitsTreatment!: boolean;
  /** Until when the signed screening lets a plan activate: screenedAt (or signedAt if earlier) + clinic screeningValidityDays. */
  @DateTimeProperty({ nullable: true }) validUntil!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
}

export class ScreeningPageDto extends PageOf(ScreeningResponseDto) {}

export function mapScreening(
  s: ScreeningEntity,
  validityDays: number,
  permits: boolean,
): ScreeningResponseDto {
  const recheck = bloodPressureRecheckOf(s);
  return {
    id: s.id,
    clinicId: s.clinicId,
    patientId: s.patientId,
    screenedAt: s.screenedAt.toISOString(),
    recordedBy: s.recordedBy,
    indications: s.indications,
    primaryIndication: s.primaryIndication,
    psychiatricHistory: s.psychiatricHistory,
    antidepressantTrials: s.antidepressantTrials,
    currentMedications: s.currentMedications,
    benzodiazepineLorazepamEqMgPerDay: s.benzodiazepineLorazepamEqMgPerDay,
    allergies: s.allergies,
    ketamineHypersensitivity: s.ketamineHypersensitivity,
    pregnant: s.pregnant,
    breastfeeding: s.breastfeeding,
    systolicBp: s.systolicBp,
    diastolicBp: s.diastolicBp,
    bloodPressure: {
      systolic: s.systolicBp,
      diastolic: s.diastolicBp,
      measuredAt: s.screenedAt.toISOString(),
    },
    bloodPressureRecheck: recheck,
    decisionBloodPressure: decisionBloodPressure({
      systolicBp: s.systolicBp,
      diastolicBp: s.diastolicBp,
      bloodPressureRecheck: recheck,
    }).source,
    heartRate: s.heartRate,
    thyroidStatus: s.thyroidStatus,
    cardiacHistory: s.cardiacHistory,
    otherConditions: s.otherConditions,
    baselineScores: s.baselineScores,
    ageYears: s.ageYears,
    decision: s.decision,
    reasons: s.reasons,
    signedAt: s.signedAt?.toISOString() ?? null,
    signedBy: s.signedBy,
    signRationale: s.signRationale,
    overridden: s.overridden,
    permitsTreatment: s.signedAt !== null && permits,
    validUntil: s.signedAt
      ? screeningValidUntil(s.screenedAt, s.signedAt, validityDays).toISOString()
      : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
  };
}

/** The entity's re-check columns as one reading, or null while none is recorded. */
export function bloodPressureRecheckOf(s: ScreeningEntity): BloodPressureRecheckDto | null {
  if (
    s.bpRecheckSystolic === null ||
    s.bpRecheckDiastolic === null ||
    !s.bpRecheckMeasuredAt ||
    !s.bpRecheckRecordedBy ||
    !s.bpRecheckRecordedAt
  ) {
    return null;
  }
  return {
    systolic: s.bpRecheckSystolic,
    diastolic: s.bpRecheckDiastolic,
    measuredAt: s.bpRecheckMeasuredAt.toISOString(),
    restedMinutes: s.bpRecheckRestedMinutes,
    recordedBy: s.bpRecheckRecordedBy,
    recordedAt: s.bpRecheckRecordedAt.toISOString(),
  };
}
