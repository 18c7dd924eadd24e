import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { PlanPhase, PlanStatus, WeightBasis } from 'src/treatment-plans/plan-snapshot';

const decimal = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};
const decimals = {
  to: (v: number[] | undefined) => v,
  from: (v: (string | number)[] | null) => (v ?? []).map(Number),
};

/** One course of care; its clinical terms live in the version it points at. */
@Entity('treatment_plans')
export class TreatmentPlanEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('text')
  indication!: string;

  @Column('uuid')
  prescriberId!: string;

  @Column('text')
  status!: PlanStatus;

  @Column('text', { nullable: true })
  statusBeforeHold!: PlanStatus | null;

  @Column('uuid', { nullable: true })
  currentVersionId!: string | null;

  @Column('integer')
  amendmentNumber!: number;

  @Column('timestamptz', { nullable: true })
  activatedAt!: Date | null;

  @Column('uuid', { nullable: true })
  activationScreeningId!: string | null;

  @Column('timestamptz', { nullable: true })
  inductionStartedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  inductionCompletedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  maintenanceStartedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  endedAt!: Date | null;

  @Column('text', { nullable: true })
  discontinueReason!: string | null;

  @Column('text', { nullable: true })
  holdReason!: string | null;

  @Column('boolean')
  needsClinicalReview!: boolean;

  @Column('uuid')
  createdBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export interface AdjunctCare {
  kind: string;
  frequency?: string;
  notes?: string;
}

/** The full clinical terms of a plan as of one amendment; append-only. */
@Entity('treatment_plan_versions')
export class TreatmentPlanVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  planId!: string;

  @Column('integer')
  amendmentNumber!: number;

  @Column('numeric', { precision: 5, scale: 3, transformer: decimal })
  doseMgPerKg!: number;

  @Column('integer')
  infusionMinutes!: number;

  @Column('numeric', { precision: 5, scale: 3, transformer: decimal })
  ceilingMgPerKg!: number;

  @Column('text')
  weightBasis!: WeightBasis;

  @Column('numeric', { precision: 5, scale: 3, array: true, transformer: decimals })
  titrationStepsMgPerKg!: number[];

  @Column('integer')
  inductionPlannedInfusions!: number;

  @Column('integer')
  inductionWindowDays!: number;

  @Column('integer')
  minHoursBetweenInfusions!: number;

  @Column('integer', { nullable: true })
  maintenanceIntervalDays!: number | null;

  @Column('integer', { nullable: true })
  maintenancePlannedInfusions!: number | null;

  @Column('boolean')
  maintenanceAsNeeded!: boolean;

  @Column('jsonb')
  adjunctCare!: AdjunctCare[];

  @Column('jsonb')
  goals!: string[];

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid')
  authorId!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** The plan's history: every lifecycle move, amendment and review flag, with actor and time. */
@Entity('treatment_plan_events')
export class TreatmentPlanEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  planId!: string;

  @Column('text')
  event!: string;

  @Column('text', { nullable: true })
  fromStatus!: PlanStatus | null;

  @Column('text', { nullable: true })
  toStatus!: PlanStatus | null;

  @Column('uuid', { nullable: true })
  actorId!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  @Column('uuid', { nullable: true })
  sessionId!: string | null;

  @Column('integer', { nullable: true })
  amendmentNumber!: number | null;

  @Column('timestamptz')
  occurredAt!: Date;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A completed infusion (reported by sessions at discharge) counted towards a phase. */
@Entity('treatment_plan_infusions')
export class TreatmentPlanInfusionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  planId!: string;

  @Column('uuid')
  sessionId!: string;

  @Column('text')
  phase!: PlanPhase;

  @Column('timestamptz')
  completedAt!: Date;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
