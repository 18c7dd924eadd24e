import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { BaselineScale } from 'src/screenings/baseline-scales.rules';
import {
  EligibilityDecision,
  EligibilityReason,
  MedicationClass,
  SubstanceUseStatus,
  ThyroidStatus,
  TrialOutcome,
} from 'src/screenings/eligibility.rules';

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

export interface PsychiatricHistory {
  activePsychosis: boolean;
  activeMania: boolean;
  psychoticDisorderHistory: boolean;
  bipolarDisorder: boolean;
  onMoodStabiliser: boolean;
  substanceUseDisorder: SubstanceUseStatus;
  substances?: string[];
}

export interface AntidepressantTrial {
  drug: string;
  doseMgPerDay: number;
  weeks: number;
  outcome: TrialOutcome;
  currentEpisode: boolean;
}

export interface Medication {
  name: string;
  doseMg?: number;
  frequency?: string;
  drugClass?: MedicationClass;
}

export interface Allergy {
  substance: string;
  reaction?: string;
}

export interface CardiacHistory {
  unstableCardiovascularDisease: boolean;
  aneurysmalVascularDisease: boolean;
  bloodPressureRiseHazard: boolean;
  notes?: string;
}

export interface OtherConditions {
  intracerebralHaemorrhageHistory: boolean;
  raisedIntracranialPressure: boolean;
  raisedIntraocularPressure: boolean;
  severeHepaticImpairment: boolean;
}

export interface BaselineScore {
  instrument: BaselineScale;
  score: number;
  takenAt?: string;
}

/** An intake screening: the facts at one point in time, the server's eligibility and its sign-off. */
@Entity('screenings')
export class ScreeningEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('timestamptz')
  screenedAt!: Date;

  @Column('uuid')
  recordedBy!: string;

  @Column('text', { array: true })
  indications!: string[];

  @Column('text')
  primaryIndication!: string;

  @Column('jsonb')
  psychiatricHistory!: PsychiatricHistory;

  @Column('jsonb')
  antidepressantTrials!: AntidepressantTrial[];

  @Column('jsonb')
  currentMedications!: Medication[];

  @Column('jsonb')
  allergies!: Allergy[];

  @Column('boolean')
  ketamineHypersensitivity!: boolean;

  @Column('numeric', { precision: 6, scale: 2, nullable: true, transformer: decimal })
  benzodiazepineLorazepamEqMgPerDay!: number | null;

  @Column('boolean')
  pregnant!: boolean;

  @Column('boolean')
  breastfeeding!: boolean;

  /** The first reading, taken at screenedAt. */
  @Column('integer')
  systolicBp!: number;

  @Column('integer')
  diastolicBp!: number;

  /** A re-check after rest of a first reading above the hold (§2.3); all null until recorded. */
  @Column('integer', { nullable: true })
  bpRecheckSystolic!: number | null;

  @Column('integer', { nullable: true })
  bpRecheckDiastolic!: number | null;

  @Column('timestamptz', { nullable: true })
  bpRecheckMeasuredAt!: Date | null;

  @Column('integer', { nullable: true })
  bpRecheckRestedMinutes!: number | null;

  @Column('uuid', { nullable: true })
  bpRecheckRecordedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  bpRecheckRecordedAt!: Date | null;

  @Column('integer')
  heartRate!: number;

  @Column('text')
  thyroidStatus!: ThyroidStatus;

  @Column('jsonb')
  cardiacHistory!: CardiacHistory;

  @Column('jsonb')
  otherConditions!: OtherConditions;

  @Column('jsonb')
  baselineScores!: BaselineScore[];

  /** Age at screening, the input of the minimum-age rule. */
  @Column('integer')
  ageYears!: number;

  @Column('text')
  decision!: EligibilityDecision;

  @Column('jsonb')
  reasons!: EligibilityReason[];

  @Column('timestamptz', { nullable: true })
  signedAt!: Date | null;

  @Column('uuid', { nullable: true })
  signedBy!: string | null;

  @Column('text', { nullable: true })
  signRationale!: string | null;

  /** The signing clinician overrode the relative contraindications. */
  @Column('boolean')
  overridden!: boolean;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
