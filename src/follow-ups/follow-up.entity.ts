import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import {
  FollowUpMethod,
  FollowUpNextStep,
  FollowUpOrigin,
  FollowUpStatus,
} from 'src/follow-ups/follow-up.rules';

/** A contact with the patient after a session: created on discharge per clinic policy, or by hand. */
@Entity('follow_ups')
export class FollowUpEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('uuid', { nullable: true })
  sessionId!: string | null;

  @Column({ type: 'enum', enum: FollowUpOrigin, enumName: 'follow_up_origin' })
  origin!: FollowUpOrigin;

  @Column('date')
  dueDate!: string;

  @Column({ type: 'enum', enum: FollowUpStatus, enumName: 'follow_up_status' })
  status!: FollowUpStatus;

  @Column({ type: 'enum', enum: FollowUpMethod, enumName: 'follow_up_method', nullable: true })
  method!: FollowUpMethod | null;

  @Column('timestamptz', { nullable: true })
  contactedAt!: Date | null;

  @Column('boolean', { nullable: true })
  sideEffectsPresent!: boolean | null;

  @Column('text', { nullable: true })
  sideEffectsDetails!: string | null;

  /** As written when the follow-up was scheduled; closing it never changes it. */
  @Column('text', { nullable: true })
  notes!: string | null;

  /** The note of the contact (complete) or of why it did not happen (miss; required then). */
  @Column('text', { nullable: true })
  outcomeNote!: string | null;

  @Column({
    type: 'enum',
    enum: FollowUpNextStep,
    enumName: 'follow_up_next_step',
    nullable: true,
  })
  nextStep!: FollowUpNextStep | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('uuid', { nullable: true })
  closedBy!: string | null;

  /** Null for automatic follow-ups (created by the discharge). */
  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
