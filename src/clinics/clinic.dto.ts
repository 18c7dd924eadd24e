import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { effectiveSettings } from 'src/clinics/clinic-settings';
import { ClinicSettingsDto } from 'src/clinics/clinic-settings.dto';
import { ClinicEntity } from 'src/clinics/clinic.entity';
import { Indication } from 'src/common/domain/indication';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  BooleanField,
  DateTimeProperty,
  EmailField,
  EnumField,
  EnumProperty,
  UuidProperty,
  TextField,
} from 'src/common/validation/field.decorators';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';

@ValidatorConstraint({ name: 'timezone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'timezone must be an IANA time zone such as America/Denver';
  }
}

export class PostalAddressDto {
  @TextField({ min: 1, max: 200, example: '1200 Larimer St' }) line1!: string;

  @TextField({ optional: true, max: 200, example: 'Suite 300' }) line2?: string;

  @TextField({ min: 1, max: 100, example: 'Denver' }) city!: string;

  @TextField({ optional: true, max: 100, example: 'CO' }) region?: string;

  @TextField({ optional: true, max: 20, example: '80202' }) postalCode?: string;

  /** ISO 3166-1 alpha-2 country code. */
  @ApiProperty({ example: 'US' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country!: string;
}

export class OpeningHoursDto {
  @ApiProperty({ enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], enumName: 'Weekday' })
  @IsIn(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
  day!: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

  /** Local time HH:MM. */
  @ApiProperty({ example: '08:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'opens must be HH:MM' })
  opens!: string;

  @ApiProperty({ example: '17:00' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'closes must be HH:MM' })
  closes!: string;
}

export class CreateClinicDto {
  @TextField({ min: 1, max: 200, example: 'Front Range Ketamine Clinic' }) name!: string;

  /** 2–10 capital letters or digits, unique; prefixes the clinic's generated MRNs. */
  @ApiProperty({ example: 'FRK' })
  @Matches(/^[A-Z0-9]{2,10}$/, { message: 'code must be 2-10 capital letters or digits' })
  code!: string;

  @ApiProperty({ example: 'America/Denver' })
  @Validate(IsTimeZone)
  timezone!: string;

  @ApiProperty({ example: '+1 303 555 0100' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;

  @EmailField({ optional: true, example: 'hello@frontrange.example' })
  email?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursDto)
  hours?: OpeningHoursDto[];

  @EnumField(Indication, 'Indication', { optional: true, each: true })
  treatmentsOffered?: Indication[];

  /** Whether the clinic appears in the public directory (GET /api/v1/public/clinics). */
  @BooleanField({ optional: true })
  @ApiProperty({ default: true })
  listedPublicly?: boolean;
}

export class UpdateClinicDto {
  @OptionalNotNull()
  @TextField({ min: 1, max: 200 })
  name?: string;

  @ApiProperty({ example: 'America/Denver' })
  @OptionalNotNull()
  @Validate(IsTimeZone)
  timezone?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @EmailField({ optional: true, nullable: true }) email?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address?: PostalAddressDto | null;

  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(21)
  @ValidateNested({ each: true })
  @Type(() => OpeningHoursDto)
  hours?: OpeningHoursDto[];

  @EnumField(Indication, 'Indication', { optional: 'not-null', each: true })
  treatmentsOffered?: Indication[];

  @BooleanField({ optional: 'not-null' }) listedPublicly?: boolean;
}

export class ClinicResponseDto {
  @UuidProperty() id!: string;
  name!: string;
  code!: string;
  timezone!: string;
  phone!: string | null;
  email!: string | null;
  address!: PostalAddressDto | null;
  hours!: OpeningHoursDto[];
  @EnumProperty(Indication, 'Indication', { isArray: true }) treatmentsOffered!: Indication[];
  listedPublicly!: boolean;
  /** Effective settings: stored values over the documented defaults. */
  settings!: ClinicSettingsDto;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
}

export class ClinicPageDto extends PageOf(ClinicResponseDto) {}

export function mapClinic(clinic: ClinicEntity): ClinicResponseDto {
  return {
    id: clinic.id,
    name: clinic.name,
    code: clinic.code,
    timezone: clinic.timezone,
    phone: clinic.phone,
    email: clinic.email,
    address: clinic.address,
    hours: clinic.hours,
    treatmentsOffered: clinic.treatmentsOffered as Indication[],
    listedPublicly: clinic.listedPublicly,
    settings: effectiveSettings(clinic.settings),
    createdAt: clinic.createdAt.toISOString(),
    updatedAt: clinic.updatedAt.toISOString(),
    version: clinic.version,
  };
}
