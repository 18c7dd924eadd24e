import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, Matches, Validate } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  BooleanField,
  TextField,
  DateTimeField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import { FollowUpEntity } from 'src/follow-ups/follow-up.entity';
import {
  FollowUpMethod,
  FollowUpNextStep,
  FollowUpOrigin,
  FollowUpStatus,
} from 'src/follow-ups/follow-up.rules';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateFollowUpDto {
  @UuidField() patientId!: string;

  /** The infusion session (of the same patient) this contact follows. */
  @UuidField({ optional: true }) sessionId?: string;

  /** The date the contact is due, in the clinic's calendar; yesterday at the earliest (400 DUE_DATE_IN_PAST). */
  @ApiProperty({ format: 'date', example: '2026-03-17' })
  @Matches(DATE, { message: 'dueDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  dueDate!: string;

  /** What the contact is for (e.g. check sleep); kept as written when the follow-up is closed. */
  @TextField({ optional: true, max: 4000 }) notes?: string;
}

export class CompleteFollowUpDto {
  @EnumField(FollowUpMethod, 'FollowUpMethod') method!: FollowUpMethod;

  /** When the patient was reached; defaults to now; not in the future. */
  @DateTimeField({ optional: true })
  @Validate(IsNotInFuture)
  contactedAt?: string;

  /** Side-effect check: did the patient report any (e.g. dizziness, nausea, bladder symptoms)? */
  @BooleanField() sideEffectsPresent!: boolean;

  @TextField({ optional: true, max: 4000 }) sideEffectsDetails?: string;

  /** How the contact went (stored as `outcomeNote`; the scheduling `notes` are kept). */
  @TextField({ optional: true, max: 4000, example: 'Mood improving; sleeping better.' })
  outcomeNote?: string;

  @EnumField(FollowUpNextStep, 'FollowUpNextStep') nextStep!: FollowUpNextStep;
}

export class MissFollowUpDto {
  /** Why the contact did not happen (e.g. three calls unanswered); stored as `outcomeNote`. */
  @TextField({ min: 1, max: 4000, example: 'No answer to three calls; voicemail left.' })
  outcomeNote!: string;
}

export class FollowUpQueryDto extends PageQueryDto {
  @UuidField({ optional: true }) patientId?: string;

  @EnumField(FollowUpStatus, 'FollowUpStatus', { optional: true }) status?: FollowUpStatus;

  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @UuidField({ optional: true }) clinicId?: string;
}

export class OverdueFollowUpQueryDto extends PageQueryDto {
  /** Required when the caller belongs to more than one clinic. */
  @UuidField({ optional: true }) clinicId?: string;
}

export class FollowUpResponseDto {
  @UuidProperty() id!: string;

  @UuidProperty() clinicId!: string;

  @UuidProperty() patientId!: string;

  @UuidProperty({ nullable: true }) sessionId!: string | null;

  @EnumProperty(FollowUpOrigin, 'FollowUpOrigin') origin!: FollowUpOrigin;

  @ApiProperty({ format: 'date', example: '2026-03-17' })
  dueDate!: string;

  @EnumProperty(FollowUpStatus, 'FollowUpStatus') status!: FollowUpStatus;

  @EnumProperty(FollowUpMethod, 'FollowUpMethod', { nullable: true })
  method!: FollowUpMethod | null;

  @DateTimeProperty({ nullable: true }) contactedAt!: string | null;

  sideEffectsPresent!: boolean | null;

  sideEffectsDetails!: string | null;

  /** As written when the follow-up was scheduled; closing it does not change it. */
  notes!: string | null;

  /** The note of the contact (complete) or of why it did not happen (miss). */
  outcomeNote!: string | null;

  @EnumProperty(FollowUpNextStep, 'FollowUpNextStep', { nullable: true })
  nextStep!: FollowUpNextStep | null;

  /** When it was completed or marked missed. */
  @DateTimeProperty({ nullable: true }) closedAt!: string | null;

  @UuidProperty({ nullable: true }) closedBy!: string | null;

  /** Null for automatic follow-ups. */
  @UuidProperty({ nullable: true }) createdBy!: string | null;

  @DateTimeProperty() createdAt!: string;

  @DateTimeProperty() updatedAt!: string;

  version!: number;
}

export class FollowUpPageDto extends PageOf(FollowUpResponseDto) {}

export function mapFollowUp(f: FollowUpEntity): FollowUpResponseDto {
  return {
    id: f.id,
    clinicId: f.clinicId,
    patientId: f.patientId,
    sessionId: f.sessionId,
    origin: f.origin,
    dueDate: f.dueDate,
    status: f.status,
    method: f.method,
    contactedAt: f.contactedAt?.toISOString() ?? null,
    sideEffectsPresent: f.sideEffectsPresent,
    sideEffectsDetails: f.sideEffectsDetails,
    notes: f.notes,
    outcomeNote: f.outcomeNote,
    nextStep: f.nextStep,
    closedAt: f.closedAt?.toISOString() ?? null,
    closedBy: f.closedBy,
    createdBy: f.createdBy,
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    version: f.version,
  };
}
