import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { ConsultationAppointmentEntity } from 'src/consultations/consultation.entity';
import { ConsultationAppointmentStatus } from 'src/consultations/consultation-request.rules';
import { DATE_TIME_WITH_OFFSET } from 'src/consultations/consultation-request.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const APPOINTMENT_STATUSES: ConsultationAppointmentStatus[] = ['scheduled', 'cancelled'];

export class ConsultationAppointmentQueryDto extends PageQueryDto {
  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicId?: string;

  /** A day of the clinic's calendar (YYYY-MM-DD, in the clinic's own time zone). */
  @ApiProperty({ required: false, format: 'date', example: '2026-12-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsDateString({ strict: true })
  date?: string;

  /** Appointments starting at or after this time (ISO 8601 with offset). */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @Matches(DATE_TIME_WITH_OFFSET, { message: 'from must be an ISO 8601 time with an offset' })
  @IsDateString({ strict: true })
  from?: string;

  /** Appointments starting before this time (ISO 8601 with offset). */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @Matches(DATE_TIME_WITH_OFFSET, { message: 'to must be an ISO 8601 time with an offset' })
  @IsDateString({ strict: true })
  to?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  clinicianId?: string;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patientId?: string;

  @ApiProperty({
    required: false,
    enum: APPOINTMENT_STATUSES,
    enumName: 'ConsultationAppointmentStatus',
  })
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: ConsultationAppointmentStatus;
}

export class CancelConsultationAppointmentDto {
  /** Kept on the appointment; never in audit or logs. */
  @ApiProperty({ required: false, example: 'Patient asked to reschedule' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason?: string;
}

export class ConsultationAppointmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ format: 'uuid' })
  clinicianId!: string;
  /** The website request this appointment came from, if any. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  requestId!: string | null;
  @ApiProperty({ format: 'date-time' })
  startsAt!: string;
  @ApiProperty({ format: 'date-time' })
  endsAt!: string;
  durationMinutes!: number;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, enumName: 'ConsultationAppointmentStatus' })
  status!: ConsultationAppointmentStatus;
  @ApiProperty({ format: 'uuid' })
  createdBy!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  cancelledAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  cancelledBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  cancelReason!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

export class ConsultationAppointmentPageDto extends PageOf(ConsultationAppointmentResponseDto) {}

export function mapConsultationAppointment(
  a: ConsultationAppointmentEntity,
): ConsultationAppointmentResponseDto {
  return {
    id: a.id,
    clinicId: a.clinicId,
    patientId: a.patientId,
    clinicianId: a.clinicianId,
    requestId: a.requestId,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    durationMinutes: Math.round((a.endsAt.getTime() - a.startsAt.getTime()) / 60_000),
    status: a.status,
    createdBy: a.createdBy,
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
    cancelledBy: a.cancelledBy,
    cancelReason: a.cancelReason,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    version: a.version,
  };
}
