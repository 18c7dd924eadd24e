import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { AssessmentContext } from 'src/follow-ups/instrument.catalog';

/** One administration of a rating scale, scored by the server when it was recorded. */
@Entity('assessments')
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('text')
  instrumentCode!: string;

  @Column('text')
  instrumentVersion!: string;

  /** Item answers in item order; null for a skipped item (C-SSRS skip logic). */
  @Column('jsonb')
  responses!: (number | null)[];

  @Column('integer', { nullable: true })
  total!: number | null;

  @Column('text', { nullable: true })
  band!: string | null;

  @Column('text', { array: true })
  flags!: string[];

  @Column({ type: 'enum', enum: AssessmentContext, enumName: 'assessment_context' })
  context!: AssessmentContext;

  @Column('timestamptz')
  administeredAt!: Date;

  @Column('uuid', { nullable: true })
  sessionId!: string | null;

  @Column('uuid', { nullable: true })
  followUpId!: string | null;

  @Column('uuid')
  recordedBy!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
