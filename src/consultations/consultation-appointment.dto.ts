import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, Matches } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  TextField,
  DateTimeField,
  DateTimeProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { ConsultationAppointmentEntity } from 'src/consultations/consultation.entity';
import { ConsultationAppointmentStatus } from 'src/consultations/consultation-request.rules';
import { DATE_TIME_WITH_OFFSET } from 'src/consultations/consultation-request.dto';

const APPOINTMENT_STATUSES: ConsultationAppointmentStatus[] = ['scheduled', 'cancelled'];

export class ConsultationAppointmentQueryDto extends PageQueryDto {
  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @UuidField({ optional: true }) clinicId?: string;

  /** A day of the clinic's calendar (YYYY-MM-DD, in the clinic's own time zone). */
  @ApiProperty({ required: false, format: 'date', example: '2026-12-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date (YYYY-MM-DD)' })
  @IsDateString({ strict: true })
  date?: string;

  /** Appointments starting at or after this time (ISO 8601 with offset). */
  @Matches(DATE_TIME_WITH_OFFSET, { message: 'from must be an ISO 8601 time with an offset' })
  @DateTimeField({ optional: true })
  from?: string;

  /** Appointments starting before this time (ISO 8601 with offset). */
  @Matches(DATE_TIME_WITH_OFFSET, { message: 'to must be an ISO 8601 time with an offset' })
  @DateTimeField({ optional: true })
  to?: string;

  @UuidField({ optional: true }) clinicianId?: string;

  @UuidField({ optional: true }) patientId?: string;

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
  @TextField({ optional: true, min: 1, max: 500, example: 'Patient asked to reschedule' })
  reason?: string;
}

export class ConsultationAppointmentResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @UuidProperty() patientId!: string;
  @UuidProperty() clinicianId!: string;
  /** The website request this appointment came from, if any. */
  @UuidProperty({ nullable: true }) requestId!: string | null;
  @DateTimeProperty() startsAt!: string;
  @DateTimeProperty() endsAt!: string;
  durationMinutes!: number;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, enumName: 'ConsultationAppointmentStatus' })
  status!: ConsultationAppointmentStatus;
  @UuidProperty() createdBy!: string;
  @DateTimeProperty({ nullable: true }) cancelledAt!: string | null;
  @UuidProperty({ nullable: true }) cancelledBy!: string | null;
  cancelReason!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
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
