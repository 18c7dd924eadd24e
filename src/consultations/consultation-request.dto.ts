import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsDateString,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidationError,
  validate,
} from 'class-validator';
import { Indication } from 'src/common/domain/indication';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { FieldError } from 'src/common/problem/domain.exception';
import { IsCalendarDate } from 'src/common/validation/calendar-date.validator';
import {
  TextField,
  DateTimeField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { ConsultationRequestEntity } from 'src/consultations/consultation.entity';
import {
  CONSULTATION_REQUEST_STATUSES,
  ConsultationRequestStatus,
} from 'src/consultations/consultation-request.rules';
import { CreatePatientDto } from 'src/patients/patient.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const PHONE = /^[+0-9()\-. ]{3,40}$/;
/** ISO 8601 with a time and an explicit offset: a booked time is never ambiguous. */
export const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export enum ContactMethod {
  EMAIL = 'email',
  PHONE = 'phone',
}

/**
 * The website's "request an appointment" form. Sent without a token. `website` is a honeypot: the
 * form must hide it and leave it empty; a submission that fills it in is answered exactly like any
 * other but is not stored.
 */
export class CreateConsultationRequestDto {
  /** The clinic the person would like to be seen at: an id from GET /api/v1/public/clinics. */
  @UuidField() preferredClinicId!: string;

  @TextField({ min: 1, max: 100, example: 'Zoë' }) firstName!: string;

  @TextField({ min: 1, max: 100, example: 'Álvarez' }) lastName!: string;

  /** Required when preferredContactMethod is email. */
  @ApiProperty({ required: false, example: 'zoe@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  /** Required when preferredContactMethod is phone. */
  @ApiProperty({ required: false, example: '+1 303 555 0142' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(PHONE, { message: 'phone may hold digits, spaces and + ( ) - .' })
  phone?: string;

  @EnumField(ContactMethod, 'ContactMethod') preferredContactMethod!: ContactMethod;

  /** Helps front desk find an existing patient record; optional. */
  @ApiProperty({ required: false, format: 'date', example: '1984-03-09' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Validate(IsCalendarDate)
  dateOfBirth?: string;

  @EnumField(Indication, 'Indication', { optional: true }) treatmentOfInterest?: Indication;

  /** In the person's words, up to 2000 characters. */
  @TextField({ optional: true, max: 2000 }) reason?: string;

  /** Must be true: the clinic may only contact people who agreed to it. */
  @ApiProperty({ enum: [true], type: Boolean })
  @IsBoolean()
  @Equals(true, { message: 'consentToContact must be true to send a request' })
  consentToContact!: boolean;

  /** Honeypot: leave absent or empty (hidden from people by the form). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  website?: string;
}

/** All the public endpoint ever says back: nothing about what was stored or who is known. */
export class ConsultationRequestAcceptedDto {
  /** Quote it when calling the clinic. */
  @UuidProperty() referenceId!: string;

  @ApiProperty({ example: 'Thank you. The clinic will contact you.' })
  message!: string;
}

export class ConsultationRequestQueryDto extends PageQueryDto {
  @ApiProperty({
    required: false,
    enum: CONSULTATION_REQUEST_STATUSES,
    enumName: 'ConsultationRequestStatus',
  })
  @IsOptional()
  @IsIn(CONSULTATION_REQUEST_STATUSES)
  status?: ConsultationRequestStatus;

  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @UuidField({ optional: true }) clinicId?: string;
}

export class DeclineConsultationRequestDto {
  /** Why the clinic will not take this further (kept on the request, never in audit or logs). */
  @TextField({ min: 1, max: 500, example: 'Outside our service area' }) reason!: string;
}

/** The patient fields of CreatePatientDto, all optional: missing ones are taken from the request. */
export class ConversionPatientDto extends OmitType(PartialType(CreatePatientDto), ['clinicId']) {}

export class ConsultationSlotDto {
  /** ISO 8601 with offset. */
  @Matches(DATE_TIME_WITH_OFFSET, { message: 'startsAt must be an ISO 8601 time with an offset' })
  @DateTimeField({ example: '2026-12-01T09:00:00-07:00' })
  startsAt!: string;

  @ApiProperty({ type: 'integer', minimum: 10, maximum: 240, example: 45 })
  @IsInt()
  @Min(10)
  @Max(240)
  durationMinutes!: number;

  /** An active clinician of the request's clinic. */
  @UuidField() clinicianId!: string;
}

/**
 * Either `patientId` (an existing patient of the request's clinic) or `patient` (a new patient;
 * fields left out are taken from the request: names, email, phone, date of birth). Not both.
 */
export class ConvertConsultationRequestDto {
  @UuidField({ optional: true }) patientId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ConversionPatientDto)
  patient?: ConversionPatientDto;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ConsultationSlotDto)
  appointment!: ConsultationSlotDto;
}

export class ConsultationRequestResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @ApiProperty({
    enum: CONSULTATION_REQUEST_STATUSES,
    enumName: 'ConsultationRequestStatus',
  })
  status!: ConsultationRequestStatus;
  firstName!: string;
  lastName!: string;
  email!: string | null;
  phone!: string | null;
  @EnumProperty(ContactMethod, 'ContactMethod') preferredContactMethod!: ContactMethod;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  dateOfBirth!: string | null;
  @EnumProperty(Indication, 'Indication', { nullable: true })
  treatmentOfInterest!: Indication | null;
  reason!: string | null;
  @DateTimeProperty() consentToContactAt!: string;
  @DateTimeProperty({ nullable: true }) contactedAt!: string | null;
  @UuidProperty({ nullable: true }) contactedBy!: string | null;
  @DateTimeProperty({ nullable: true }) declinedAt!: string | null;
  @UuidProperty({ nullable: true }) declinedBy!: string | null;
  declineReason!: string | null;
  @DateTimeProperty({ nullable: true }) convertedAt!: string | null;
  @UuidProperty({ nullable: true }) convertedBy!: string | null;
  /** The patient the request became (set when converted). */
  @UuidProperty({ nullable: true }) patientId!: string | null;
  /** The consultation appointment booked (set when converted). */
  @UuidProperty({ nullable: true }) appointmentId!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
}

export class ConsultationRequestPageDto extends PageOf(ConsultationRequestResponseDto) {}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function mapConsultationRequest(
  r: ConsultationRequestEntity,
): ConsultationRequestResponseDto {
  return {
    id: r.id,
    clinicId: r.clinicId,
    status: r.status,
    firstName: r.firstName,
    lastName: r.lastName,
    email: r.email,
    phone: r.phone,
    preferredContactMethod: r.preferredContactMethod as ContactMethod,
    dateOfBirth: r.dateOfBirth,
    treatmentOfInterest: r.treatmentOfInterest as Indication | null,
    reason: r.reason,
    consentToContactAt: r.consentToContactAt.toISOString(),
    contactedAt: iso(r.contactedAt),
    contactedBy: r.contactedBy,
    declinedAt: iso(r.declinedAt),
    declinedBy: r.declinedBy,
    declineReason: r.declineReason,
    convertedAt: iso(r.convertedAt),
    convertedBy: r.convertedBy,
    patientId: r.patientId,
    appointmentId: r.appointmentId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  };
}

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = `${parent}.${e.property}`;
    const first = Object.values(e.constraints ?? {})[0];
    const own =
      first === undefined
        ? []
        : [
            {
              field,
              message: e.value === undefined ? `${field} is required` : `${parent}.${first}`,
            },
          ];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The new patient for a conversion: the request's details under the ones front desk gave, checked
 * with exactly the rules of POST /api/v1/patients. Answers the field errors (as `patient.<field>`).
 */
export async function completePatientDraft(
  request: ConsultationRequestEntity,
  given: ConversionPatientDto | undefined,
): Promise<{ dto: CreatePatientDto; errors: FieldError[] }> {
  const fromRequest: Record<string, unknown> = {
    firstName: request.firstName,
    lastName: request.lastName,
    ...(request.email ? { email: request.email } : {}),
    ...(request.phone ? { phone: request.phone } : {}),
    ...(request.dateOfBirth ? { dateOfBirth: request.dateOfBirth } : {}),
  };
  const definedGiven = Object.fromEntries(
    Object.entries(given ?? {}).filter(([, v]) => v !== undefined),
  );
  const dto = plainToInstance(CreatePatientDto, { ...fromRequest, ...definedGiven });
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
  });
  return { dto, errors: flatten(errors, 'patient') };
}
