import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type {
  ConsultationAppointmentStatus,
  ConsultationRequestStatus,
} from 'src/consultations/consultation-request.rules';

/**
 * A "request an appointment" form sent from the clinic website. The requester's name, contact
 * details and reason are PHI: scoped by clinic, audited on every read, never logged.
 */
@Entity('consultation_requests')
export class ConsultationRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('text')
  status!: ConsultationRequestStatus;

  @Column('text')
  firstName!: string;

  @Column('text')
  lastName!: string;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text')
  preferredContactMethod!: 'email' | 'phone';

  @Column('date', { nullable: true })
  dateOfBirth!: string | null;

  @Column('text', { nullable: true })
  treatmentOfInterest!: string | null;

  @Column('text', { nullable: true })
  reason!: string | null;

  /** When the requester ticked "you may contact me" (the request time). */
  @Column('timestamptz')
  consentToContactAt!: Date;

  @Column('timestamptz', { nullable: true })
  contactedAt!: Date | null;

  @Column('uuid', { nullable: true })
  contactedBy!: string | null;

  @Column('timestamptz', { nullable: true })
  declinedAt!: Date | null;

  @Column('uuid', { nullable: true })
  declinedBy!: string | null;

  @Column('text', { nullable: true })
  declineReason!: string | null;

  @Column('timestamptz', { nullable: true })
  convertedAt!: Date | null;

  @Column('uuid', { nullable: true })
  convertedBy!: string | null;

  @Column('uuid', { nullable: true })
  patientId!: string | null;

  @Column('uuid', { nullable: true })
  appointmentId!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A first consultation with a clinician; no clinician holds two at once (exclusion constraint). */
@Entity('consultation_appointments')
export class ConsultationAppointmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  clinicId!: string;

  @Column('uuid')
  patientId!: string;

  @Column('uuid')
  clinicianId!: string;

  @Column('uuid', { nullable: true })
  requestId!: string | null;

  @Column('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('text')
  status!: ConsultationAppointmentStatus;

  @Column('uuid')
  createdBy!: string;

  @Column('timestamptz', { nullable: true })
  cancelledAt!: Date | null;

  @Column('uuid', { nullable: true })
  cancelledBy!: string | null;

  @Column('text', { nullable: true })
  cancelReason!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
