import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { SessionStatus } from 'src/sessions/session-lifecycle.rules';

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

/** A check-in answer corrected before the start (issue 9 point 7), with who, when and why. */
export interface CheckInCorrectionRecord {
  field: 'escortConfirmed' | 'fastingConfirmed';
  from: boolean;
  to: boolean;
  reason: string;
  by: string;
  at: string;
}

/** A step entered after the fact with the time it happened (issue 9 point 6). */
export interface LateEntryRecord {
  step: string;
  occurredAt: string;
  reason: string;
  by: string;
  enteredAt: string;
}

export interface GateOverrideRecord {
  check: string;
  reason: string;
  by: string;
  at: string;
}

/** One infusion visit: a booking of chair, patient and nurse, then its clinical record. */
@Entity('infusion_sessions')
export class InfusionSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('uuid')
  planId!: string;

  @Column('text')
  planPhase!: 'induction' | 'maintenance';

  @Column('integer')
  planAmendmentNumber!: number;

  @Column('uuid')
  chairId!: string;

  @Column('uuid')
  nurseId!: string;

  @Column({ type: 'enum', enum: SessionStatus, enumName: 'session_status' })
  status!: SessionStatus;

  @Column('timestamptz')
  scheduledStart!: Date;

  @Column('integer')
  infusionMinutes!: number;

  @Column('integer')
  recoveryMinutes!: number;

  // booked_during tstzrange [start, start + infusion + recovery) is written by the repository
  // in SQL only (the exclusion constraints use it), so it is not mapped here.

  @Column('uuid')
  scheduledBy!: string;

  @Column('timestamptz', { nullable: true })
  checkedInAt!: Date | null;

  @Column('uuid', { nullable: true })
  checkedInBy!: string | null;

  @Column('boolean', { default: false })
  escortConfirmed!: boolean;

  @Column('boolean', { default: false })
  fastingConfirmed!: boolean;

  @Column('jsonb', { default: () => "'[]'" })
  checkInCorrections!: CheckInCorrectionRecord[];

  /** Steps entered late, with the time they happened, reason, author and entry time. */
  @Column('jsonb', { default: () => "'[]'" })
  lateEntries!: LateEntryRecord[];

  @Column('timestamptz', { nullable: true })
  startedAt!: Date | null;

  @Column('uuid', { nullable: true })
  startedBy!: string | null;

  @Column('jsonb', { default: () => "'[]'" })
  gateOverrides!: GateOverrideRecord[];

  @Column('numeric', { precision: 5, scale: 1, nullable: true, transformer: decimal })
  weightKg!: number | null;

  @Column('text', { nullable: true })
  weightBasis!: string | null;

  @Column('numeric', { precision: 6, scale: 3, nullable: true, transformer: decimal })
  doseMgPerKg!: number | null;

  @Column('numeric', { precision: 8, scale: 1, nullable: true, transformer: decimal })
  plannedDoseMg!: number | null;

  @Column('numeric', { precision: 8, scale: 1, nullable: true, transformer: decimal })
  ceilingMg!: number | null;

  @Column('numeric', { precision: 8, scale: 2, nullable: true, transformer: decimal })
  rateMgPerHour!: number | null;

  @Column('uuid', { nullable: true })
  lotId!: string | null;

  @Column('numeric', { precision: 8, scale: 1, nullable: true, transformer: decimal })
  administeredMg!: number | null;

  @Column('timestamptz', { nullable: true })
  infusionEndedAt!: Date | null;

  @Column('uuid', { nullable: true })
  endedBy!: string | null;

  @Column('boolean', { default: false })
  stoppedEarly!: boolean;

  @Column('text', { nullable: true })
  stopReason!: string | null;

  @Column('boolean', { default: false })
  orientationConfirmed!: boolean;

  @Column('boolean', { default: false })
  escortPresent!: boolean;

  /** Free-text session note; editable until the record is signed. */
  @Column('text', { nullable: true })
  notes!: string | null;

  @Column('timestamptz', { nullable: true })
  dischargedAt!: Date | null;

  @Column('uuid', { nullable: true })
  dischargedBy!: string | null;

  /** A nurse prepared the discharge (criteria met); a clinician confirms it (§4.1 sign-off). */
  @Column('timestamptz', { nullable: true })
  dischargePreparedAt!: Date | null;

  @Column('uuid', { nullable: true })
  dischargePreparedBy!: string | null;

  /** When a nurse discharged under a co-signature policy: the clinician's co-signature is due by. */
  @Column('timestamptz', { nullable: true })
  dischargeCosignDueAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  dischargeCosignedAt!: Date | null;

  @Column('uuid', { nullable: true })
  dischargeCosignedBy!: string | null;

  /** The open stop-threshold hold awaiting a clinician's decision (§2.3), if any. */
  @Column('uuid', { nullable: true })
  stopHoldId!: string | null;

  // occupied_during tstzrange [start, discharge) is written by the repository in SQL only (the
  // exclusion constraints and the nurse trigger use it), so it is not mapped here.

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @Column('uuid', { nullable: true })
  cancelledBy!: string | null;

  @Column('text', { nullable: true })
  cancelReason!: string | null;

  @Column('timestamptz', { nullable: true })
  noShowAt!: Date | null;

  @Column('uuid', { nullable: true })
  noShowBy!: string | null;

  /** Transferred to an emergency department (terminal; signed like a discharge). */
  @Column('timestamptz', { nullable: true })
  transferredAt!: Date | null;

  @Column('uuid', { nullable: true })
  transferredBy!: string | null;

  @Column('text', { nullable: true })
  transferReason!: string | null;

  @Column('text', { nullable: true })
  transferDestination!: string | null;

  @Column('timestamptz', { nullable: true })
  signedAt!: Date | null;

  @Column('uuid', { nullable: true })
  signedBy!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('session_schedule_changes')
export class ScheduleChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
  @Column('uuid')
  clinicId!: string;
  @Column('uuid')
  sessionId!: string;
  @Column('timestamptz')
  previousStart!: Date;
  @Column('uuid')
  previousChairId!: string;
  @Column('uuid')
  previousNurseId!: string;
  @Column('timestamptz')
  newStart!: Date;
  @Column('uuid')
  newChairId!: string;
  @Column('uuid')
  newNurseId!: string;
  @Column('text', { nullable: true })
  reason!: string | null;
  @Column('uuid')
  changedBy!: string;
  @Column('timestamptz')
  changedAt!: Date;
  @VersionColumn()
  version!: number;
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export type InfusionEventKind = 'start' | 'pause' | 'resume' | 'rate_change' | 'stop';

@Entity('session_infusion_events')
export class InfusionEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
  @Column('uuid')
  clinicId!: string;
  @Column('uuid')
  sessionId!: string;
  @Column('text')
  kind!: InfusionEventKind;
  @Column('numeric', { precision: 8, scale: 2, nullable: true, transformer: decimal })
  rateMgPerHour!: number | null;
  @Column('text', { nullable: true })
  reason!: string | null;
  @Column('text', { nullable: true })
  lateEntryReason!: string | null;
  @Column('uuid')
  recordedBy!: string;
  @Column('timestamptz')
  occurredAt!: Date;
  @VersionColumn()
  version!: number;
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export interface StoredVitalsFlag {
  code: string;
  level: 'hold' | 'alert' | 'stop';
  message: string;
}

@Entity('session_vitals')
export class SessionVitalsEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
  @Column('uuid')
  clinicId!: string;
  @Column('uuid')
  sessionId!: string;
  @Column('text')
  phase!: 'pre' | 'infusion' | 'recovery';
  @Column('timestamptz')
  takenAt!: Date;
  @Column('integer')
  systolic!: number;
  @Column('integer')
  diastolic!: number;
  @Column('integer')
  heartRate!: number;
  @Column('integer')
  spo2!: number;
  @Column('integer', { nullable: true })
  respiratoryRate!: number | null;
  @Column('integer', { nullable: true })
  sedationScore!: number | null;
  @Column('text', { nullable: true })
  sedationScale!: 'moaas' | 'rass' | null;
  @Column('boolean', { nullable: true })
  oriented!: boolean | null;
  @Column('text', { nullable: true })
  lateEntryReason!: string | null;
  @Column('boolean', { nullable: true })
  dissociationObserved!: boolean | null;
  @Column('text', { nullable: true })
  observation!: string | null;
  @Column('jsonb', { default: () => "'[]'" })
  flags!: StoredVitalsFlag[];
  @Column('uuid')
  recordedBy!: string;
  @VersionColumn()
  version!: number;
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * A reading at or beyond a stop threshold during the infusion (§2.3): until a clinician decides
 * (stop, or resume with a reason) the infusion cannot progress nor end with the full dose.
 */
@Entity('session_stop_threshold_holds')
export class StopThresholdHoldEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
  @Column('uuid')
  clinicId!: string;
  @Column('uuid')
  sessionId!: string;
  /** The reading that raised the hold. */
  @Column('uuid')
  vitalsId!: string;
  @Column('text', { array: true })
  codes!: string[];
  @Column('timestamptz')
  raisedAt!: Date;
  @Column('text', { nullable: true })
  decision!: 'stopped' | 'resumed' | null;
  @Column('text', { nullable: true })
  reason!: string | null;
  @Column('uuid', { nullable: true })
  decidedBy!: string | null;
  @Column('timestamptz', { nullable: true })
  decidedAt!: Date | null;
  @VersionColumn()
  version!: number;
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export enum AdverseEventType {
  NAUSEA = 'nausea',
  VOMITING = 'vomiting',
  HYPERTENSION = 'hypertension',
  TACHYCARDIA = 'tachycardia',
  DISSOCIATION = 'dissociation',
  ANXIETY = 'anxiety',
  AGITATION = 'agitation',
  HALLUCINATION = 'hallucination',
  DIZZINESS = 'dizziness',
  HEADACHE = 'headache',
  DESATURATION = 'desaturation',
  OTHER = 'other',
}

export enum AdverseEventSeverity {
  MILD = 'mild',
  MODERATE = 'moderate',
  SEVERE = 'severe',
}

export enum AdverseEventOutcome {
  RESOLVED = 'resolved',
  ONGOING = 'ongoing',
  TRANSFERRED = 'transferred',
}

export enum InfusionAction {
  NONE = 'none',
  SLOWED = 'slowed',
  PAUSED = 'paused',
  STOPPED = 'stopped',
}

@Entity('session_adverse_events')
export class AdverseEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
  @Column('uuid')
  clinicId!: string;
  @Column('uuid')
  sessionId!: string;
  @Column({ type: 'enum', enum: AdverseEventType, enumName: 'adverse_event_type' })
  type!: AdverseEventType;
  @Column('text', { nullable: true })
  description!: string | null;
  @Column('text')
  severity!: AdverseEventSeverity;
  @Column('boolean', { default: false })
  serious!: boolean;
  @Column('timestamptz')
  onsetAt!: Date;
  @Column('text', { nullable: true })
  infusionAction!: InfusionAction | null;
  @Column('text', { nullable: true })
  intervention!: string | null;
  @Column('text', { nullable: true })
  interventionDrug!: string | null;
  @Column('text', { nullable: true })
  interventionDose!: string | null;
  @Column('text')
  outcome!: AdverseEventOutcome;
  @Column('timestamptz', { nullable: true })
  resolvedAt!: Date | null;
  @Column('uuid')
  recordedBy!: string;
  @VersionColumn()
  version!: number;
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('session_addenda')
export class SessionAddendumEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;
  @Column('uuid')
  clinicId!: string;
  @Column('uuid')
  sessionId!: string;
  @Column('uuid')
  authorId!: string;
  @Column('text')
  reason!: string;
  @Column('text')
  text!: string;
  @VersionColumn()
  version!: number;
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
