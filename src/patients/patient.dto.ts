import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDateString,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
} from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { IsCalendarDate } from 'src/common/validation/calendar-date.validator';
import {
  DateTimeField,
  DateTimeProperty,
  EmailField,
  EnumField,
  EnumProperty,
  UuidField,
  TextField,
} from 'src/common/validation/field.decorators';
import { IsNotInFuture } from 'src/common/validation/not-in-future.validator';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { SexAtBirth } from 'src/patients/patient.entity';
import { PatientRow } from 'src/patients/patients.sql';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PatientAddressDto {
  @TextField({ min: 1, max: 200, example: '42 Elm St' }) line1!: string;

  @TextField({ optional: true, max: 200, example: 'Apt 3' }) line2?: string;

  @TextField({ min: 1, max: 100, example: 'Boulder' }) city!: string;

  @TextField({ optional: true, max: 100, example: 'CO' }) region?: string;

  @TextField({ optional: true, max: 20, example: '80302' }) postalCode?: string;

  @ApiProperty({ example: 'US', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country!: string;
}

export class EmergencyContactDto {
  @TextField({ min: 1, max: 200, example: 'Sam Rivera' }) name!: string;

  @TextField({ optional: true, max: 100, example: 'spouse' }) relationship?: string;

  @TextField({ min: 3, max: 40, example: '+1 303 555 0199' }) phone!: string;
}

export class ExternalIdentifierDto {
  /** A URI naming the issuing system (FHIR Identifier.system). */
  @TextField({ min: 1, max: 255, example: 'urn:oid:2.16.840.1.113883.3.1234' }) system!: string;

  @TextField({ min: 1, max: 255, example: 'EHR-778812' }) value!: string;
}

// Whole-object examples for the nested fields (one fictional patient throughout).
const ADDRESS_EXAMPLE = {
  line1: '42 Elm St',
  city: 'Boulder',
  region: 'CO',
  postalCode: '80302',
  country: 'US',
};
const EMERGENCY_CONTACT_EXAMPLE = {
  name: 'Sam Rivera',
  relationship: 'spouse',
  phone: '+1 303 555 0199',
};
const IDENTIFIERS_EXAMPLE = [{ system: 'urn:oid:2.16.840.1.113883.3.1234', value: 'EHR-778812' }];

export class CreatePatientDto {
  /** Required when the caller belongs to more than one clinic. */
  @UuidField({ optional: true, example: '5b7e2c3a-1f4d-4e8a-9c2b-6d3f0a1e7b45' })
  clinicId?: string;

  /** Generated as `<clinic code>-000123` when omitted; unique within the clinic. */
  @ApiProperty({ example: 'FRK-000123' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9\-_.]{0,39}$/, {
    message: 'mrn must be 1-40 letters, digits, - _ or .',
  })
  mrn?: string;

  @TextField({ min: 1, max: 100, example: 'Zoë' }) firstName!: string;

  @TextField({ min: 1, max: 100, example: 'Álvarez' }) lastName!: string;

  @TextField({ optional: true, max: 100, example: 'Zo' }) preferredName?: string;

  @ApiProperty({ example: '1984-03-09', format: 'date' })
  @IsDateString({ strict: true })
  @Validate(IsCalendarDate)
  dateOfBirth!: string;

  @EnumField(SexAtBirth, 'SexAtBirth', { example: SexAtBirth.FEMALE })
  sexAtBirth!: SexAtBirth;

  @TextField({ optional: true, max: 100, example: 'woman' }) genderIdentity?: string;

  @EmailField({ optional: true, example: 'zoe@example.com' })
  email?: string;

  @ApiProperty({ example: '+1 303 555 0142' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^[+0-9()\-. ]{3,40}$/, { message: 'phone may hold digits, spaces and + ( ) - .' })
  phone?: string;

  @ApiProperty({ example: ADDRESS_EXAMPLE })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatientAddressDto)
  address?: PatientAddressDto;

  @ApiProperty({ example: EMERGENCY_CONTACT_EXAMPLE })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactDto)
  emergencyContact?: EmergencyContactDto;

  /** Body weight in kg (the dosing basis), 20–400. */
  @ApiProperty({ example: 72.5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(20)
  @Max(400)
  weightKg?: number;

  /** When the weight was measured; defaults to now when a weight is given. */
  @DateTimeField({ optional: true, example: '2026-01-05T09:30:00-07:00' })
  @Validate(IsNotInFuture)
  weightRecordedAt?: string;

  @ApiProperty({ example: 168 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(50)
  @Max(250)
  heightCm?: number;

  @ApiProperty({ example: IDENTIFIERS_EXAMPLE })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExternalIdentifierDto)
  externalIdentifiers?: ExternalIdentifierDto[];
}

/** Fields given are changed; `null` clears an optional field; omitted fields stay as they are. */
export class UpdatePatientDto {
  @ApiProperty({ example: 'FRK-000123' })
  @OptionalNotNull()
  @Transform(trim)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9\-_.]{0,39}$/, {
    message: 'mrn must be 1-40 letters, digits, - _ or .',
  })
  mrn?: string;

  @ApiProperty({ example: 'Zoë' })
  @OptionalNotNull()
  @TextField({ min: 1, max: 100 })
  firstName?: string;

  @ApiProperty({ example: 'Álvarez' })
  @OptionalNotNull()
  @TextField({ min: 1, max: 100 })
  lastName?: string;

  @TextField({ optional: true, max: 100, example: 'Zo' }) preferredName?: string | null;

  @ApiProperty({ format: 'date', example: '1984-03-09' })
  @OptionalNotNull()
  @IsDateString({ strict: true })
  @Validate(IsCalendarDate)
  dateOfBirth?: string;

  @EnumField(SexAtBirth, 'SexAtBirth', { optional: 'not-null', example: SexAtBirth.FEMALE })
  sexAtBirth?: SexAtBirth;

  @TextField({ optional: true, max: 100, example: 'woman' }) genderIdentity?: string | null;

  @EmailField({ optional: true, nullable: true, example: 'zoe@example.com' })
  email?: string | null;

  @ApiProperty({ example: '+1 303 555 0142' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Matches(/^[+0-9()\-. ]{3,40}$/, { message: 'phone may hold digits, spaces and + ( ) - .' })
  phone?: string | null;

  @ApiProperty({ example: ADDRESS_EXAMPLE })
  @IsOptional()
  @ValidateNested()
  @Type(() => PatientAddressDto)
  address?: PatientAddressDto | null;

  @ApiProperty({ example: EMERGENCY_CONTACT_EXAMPLE })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactDto)
  emergencyContact?: EmergencyContactDto | null;

  /** Clinical: clinicians and nurses only. */
  @ApiProperty({ example: 72.5 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(20)
  @Max(400)
  weightKg?: number | null;

  @DateTimeField({ optional: true, example: '2026-01-05T09:30:00-07:00' })
  @Validate(IsNotInFuture)
  weightRecordedAt?: string;

  /** Clinical: clinicians and nurses only. */
  @ApiProperty({ example: 168 })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(50)
  @Max(250)
  heightCm?: number | null;

  /** Replaces the whole set. */
  @ApiProperty({ example: IDENTIFIERS_EXAMPLE })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ExternalIdentifierDto)
  externalIdentifiers?: ExternalIdentifierDto[];
}

export class PatientQueryDto extends PageQueryDto {
  /** Name prefix(es), case- and accent-insensitive: each word must begin the first, last or preferred name. */
  @TextField({ optional: true, min: 1, max: 100, example: 'alv zo' }) name?: string;

  @ApiProperty({ format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Validate(IsCalendarDate)
  dateOfBirth?: string;

  /** Exact MRN. */
  @TextField({ optional: true, max: 40 }) mrn?: string;

  /** Exact email, case-insensitive. */
  @TextField({ optional: true, max: 254 }) email?: string;

  /** Phone digits (other characters are ignored); matches numbers ending with them, so the country code may be left out. */
  @IsOptional()
  @IsString()
  @Matches(/\d{3,}/, { message: 'phone must contain at least 3 digits' })
  @MaxLength(40)
  phone?: string;

  /** Limit to one of the caller's clinics (any other clinic, or none such, is 404 `CLINIC_NOT_FOUND`). */
  @UuidField({ optional: true }) clinicId?: string;

  /** Include archived patients. */
  @ApiProperty({ required: false })
  @QueryBoolean()
  includeArchived: boolean = false;
}

export class PatientResponseDto {
  @ApiProperty({ format: 'uuid', example: '0c9f1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f' })
  id!: string;
  @ApiProperty({ format: 'uuid', example: '5b7e2c3a-1f4d-4e8a-9c2b-6d3f0a1e7b45' })
  clinicId!: string;
  @ApiProperty({ example: 'FRK-000123' })
  mrn!: string;
  @ApiProperty({ example: 'Zoë' })
  firstName!: string;
  @ApiProperty({ example: 'Álvarez' })
  lastName!: string;
  @ApiProperty({ example: 'Zo' })
  preferredName!: string | null;
  @ApiProperty({ format: 'date', example: '1984-03-09' })
  dateOfBirth!: string;
  @EnumProperty(SexAtBirth, 'SexAtBirth', { example: SexAtBirth.FEMALE })
  sexAtBirth!: SexAtBirth;
  @ApiProperty({ example: 'woman' })
  genderIdentity!: string | null;
  @ApiProperty({ example: 'zoe@example.com' })
  email!: string | null;
  @ApiProperty({ example: '+1 303 555 0142' })
  phone!: string | null;
  @ApiProperty({ example: ADDRESS_EXAMPLE })
  address!: PatientAddressDto | null;
  @ApiProperty({ example: EMERGENCY_CONTACT_EXAMPLE })
  emergencyContact!: EmergencyContactDto | null;
  @ApiProperty({ example: 72.5 })
  weightKg!: number | null;
  @DateTimeProperty({ nullable: true, example: '2026-01-05T16:30:00.000Z' })
  weightRecordedAt!: string | null;
  @ApiProperty({ example: 168 })
  heightCm!: number | null;
  @ApiProperty({ example: IDENTIFIERS_EXAMPLE })
  externalIdentifiers!: ExternalIdentifierDto[];
  @ApiProperty({ format: 'date-time', example: null })
  archivedAt!: string | null;
  @ApiProperty({ format: 'uuid', example: null })
  archivedBy!: string | null;
  @DateTimeProperty({ example: '2026-01-05T16:30:00.000Z' })
  createdAt!: string;
  @DateTimeProperty({ example: '2026-01-05T16:45:12.345Z' })
  updatedAt!: string;
  /** Increments on every change; sent as the ETag. */
  @ApiProperty({ example: 2 })
  version!: number;
}

export class PatientPageDto extends PageOf(PatientResponseDto) {}

export function mapPatient(
  p: Omit<PatientRow, 'externalIdentifiers'>,
  identifiers: { system: string; value: string }[],
): PatientResponseDto {
  return {
    id: p.id,
    clinicId: p.clinicId,
    mrn: p.mrn,
    firstName: p.firstName,
    lastName: p.lastName,
    preferredName: p.preferredName,
    dateOfBirth: p.dateOfBirth,
    sexAtBirth: p.sexAtBirth,
    genderIdentity: p.genderIdentity,
    email: p.email,
    phone: p.phone,
    address: p.address,
    emergencyContact: p.emergencyContact,
    weightKg: p.weightKg,
    weightRecordedAt: p.weightRecordedAt?.toISOString() ?? null,
    heightCm: p.heightCm,
    externalIdentifiers: identifiers
      .map(({ system, value }) => ({ system, value }))
      .sort((a, b) => a.system.localeCompare(b.system)),
    archivedAt: p.archivedAt?.toISOString() ?? null,
    archivedBy: p.archivedBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}
