import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsDateString,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  Validate,
} from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import { FollowUpEntity } from 'src/follow-ups/follow-up.entity';
import {
  FollowUpMethod,
  FollowUpNextStep,
  FollowUpOrigin,
  FollowUpStatus,
} from 'src/follow-ups/follow-up.rules';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class CreateFollowUpDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patientId!: string;

  /** The infusion session (of the same patient) this contact follows. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  /** The date the contact is due, in the clinic's calendar; yesterday at the earliest (400 DUE_DATE_IN_PAST). */
  @ApiProperty({ format: 'date', example: '2026-03-17' })
  @Matches(DATE, { message: 'dueDate must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true })
  dueDate!: string;

  /** What the contact is for (e.g. check sleep); kept as written when the follow-up is closed. */
  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class CompleteFollowUpDto {
  @ApiProperty({ enum: FollowUpMethod, enumName: 'FollowUpMethod' })
  @IsEnum(FollowUpMethod)
  method!: FollowUpMethod;

  /** When the patient was reached; defaults to now; not in the future. */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Validate(IsNotInFuture)
  contactedAt?: string;

  /** Side-effect check: did the patient report any (e.g. dizziness, nausea, bladder symptoms)? */
  @IsBoolean()
  sideEffectsPresent!: boolean;

  @ApiProperty({ required: false })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  sideEffectsDetails?: string;

  /** How the contact went (stored as `outcomeNote`; the scheduling `notes` are kept). */
  @ApiProperty({ required: false, example: 'Mood improving; sleeping better.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  outcomeNote?: string;

  @ApiProperty({ enum: FollowUpNextStep, enumName: 'FollowUpNextStep' })
  @IsEnum(FollowUpNextStep)
  nextStep!: FollowUpNextStep;
}

export class MissFollowUpDto {
  /** Why the contact did not happen (e.g. three calls unanswered); stored as `outcomeNote`. */
  @ApiProperty({ example: 'No answer to three calls; voicemail left.' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  outcomeNote!: string;
}

export class FollowUpQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({ required: false, enum: FollowUpStatus, enumName: 'FollowUpStatus' })
  @IsOptional()
  @IsEnum(FollowUpStatus)
  status?: FollowUpStatus;

  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export class OverdueFollowUpQueryDto extends PageQueryDto {
  /** Required when the caller belongs to more than one clinic. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;
}

export class FollowUpResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  clinicId!: string;

  @ApiProperty({ format: 'uuid' })
  patientId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;

  @ApiProperty({ enum: FollowUpOrigin, enumName: 'FollowUpOrigin' })
  origin!: FollowUpOrigin;

  @ApiProperty({ format: 'date', example: '2026-03-17' })
  dueDate!: string;

  @ApiProperty({ enum: FollowUpStatus, enumName: 'FollowUpStatus' })
  status!: FollowUpStatus;

  @ApiProperty({ enum: FollowUpMethod, enumName: 'FollowUpMethod', nullable: true })
  method!: FollowUpMethod | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  contactedAt!: string | null;

  @ApiProperty({ type: Boolean, nullable: true })
  sideEffectsPresent!: boolean | null;

  @ApiProperty({ type: String, nullable: true })
  sideEffectsDetails!: string | null;

  /** As written when the follow-up was scheduled; closing it does not change it. */
  @ApiProperty({ type: String, nullable: true })
  notes!: string | null;

  /** The note of the contact (complete) or of why it did not happen (miss). */
  @ApiProperty({ type: String, nullable: true })
  outcomeNote!: string | null;

  @ApiProperty({ enum: FollowUpNextStep, enumName: 'FollowUpNextStep', nullable: true })
  nextStep!: FollowUpNextStep | null;

  /** When it was completed or marked missed. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  closedBy!: string | null;

  /** Null for automatic follow-ups. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  createdBy!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

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
