import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { AlertKind, AlertSeverity, AlertStatus } from 'src/follow-ups/scoring.rules';

/** A suicide-risk finding for clinicians to review; raised with the assessment that found it. */
@Entity('alerts')
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('uuid')
  assessmentId!: string;

  @Column({ type: 'enum', enum: AlertKind, enumName: 'alert_kind' })
  kind!: AlertKind;

  @Column({ type: 'enum', enum: AlertSeverity, enumName: 'alert_severity' })
  severity!: AlertSeverity;

  @Column({ type: 'enum', enum: AlertStatus, enumName: 'alert_status' })
  status!: AlertStatus;

  @Column('uuid', { nullable: true })
  acknowledgedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  acknowledgedAt!: Date | null;

  @Column('text', { nullable: true })
  acknowledgementNote!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
