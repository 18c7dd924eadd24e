import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, Validate } from 'class-validator';
import { StaffRole } from 'src/auth/actor';
import { CredentialKind, US_STATE_CODES } from 'src/common/domain/credential-kind';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { IsCalendarDate, IsCalendarDay } from 'src/common/validation/calendar-date.validator';
import {
  TextField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  IntField,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { StaffCredentialEntity } from 'src/staff-credentials/staff-credential.entity';

const STATE_MESSAGE = 'issuingState must be a US state or territory code in capitals, e.g. CO';

export class CreateStaffCredentialDto {
  @EnumField(CredentialKind, 'CredentialKind', { example: CredentialKind.BLS })
  kind!: CredentialKind;

  /** Licence or card number; required for licences (`*_licence`). */
  @TextField({ optional: true, min: 1, max: 60, example: 'RN.0123456' })
  identifier?: string;

  /** USPS code of the state board that issued a licence; required for licences. */
  @ApiProperty({ required: false, example: 'CO', enum: US_STATE_CODES, enumName: 'UsStateCode' })
  @IsOptional()
  @IsIn(US_STATE_CODES, { message: STATE_MESSAGE })
  issuingState?: string;

  @ApiProperty({ required: false, format: 'date', example: '2025-02-01' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Validate(IsCalendarDate)
  issuedOn?: string;

  /** The last day the credential is valid. */
  @ApiProperty({ format: 'date', example: '2027-01-31' })
  @Validate(IsCalendarDay)
  expiresOn!: string;
}

/** A renewal or correction. The kind cannot change: revoke and record a new credential instead. */
export class UpdateStaffCredentialDto {
  @TextField({ optional: true, nullable: true, min: 1, max: 60 })
  identifier?: string | null;

  @ApiProperty({
    required: false,
    nullable: true,
    enum: US_STATE_CODES,
    enumName: 'UsStateCode',
  })
  @IsOptional()
  @IsIn(US_STATE_CODES, { message: STATE_MESSAGE })
  issuingState?: string | null;

  @ApiProperty({ required: false, nullable: true, type: String, format: 'date' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Validate(IsCalendarDate)
  issuedOn?: string | null;

  /** The new last valid day (a renewal). */
  @ApiProperty({ required: false, format: 'date', example: '2028-01-31' })
  @OptionalNotNull()
  @Validate(IsCalendarDay)
  expiresOn?: string;
}

export class RevokeStaffCredentialDto {
  /** Why it no longer counts (e.g. entered in error, licence surrendered); read by colleagues. */
  @TextField({ min: 1, max: 500, example: 'Entered in error' }) reason!: string;
}

export class StaffCredentialQueryDto extends PageQueryDto {
  /** Include revoked credentials. */
  @ApiProperty({ required: false, default: false })
  @QueryBoolean()
  includeRevoked: boolean = false;
}

export class ExpiringCredentialsQueryDto extends PageQueryDto {
  /** The clinic whose active staff are listed; one of the caller's. */
  @UuidField() clinicId!: string;

  /** Credentials expiring within this many days of today (clinic calendar), or already expired. */
  @IntField({ optional: true, query: true, min: 0, max: 365 }) withinDays: number = 30;
}

export class StaffCredentialResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() userId!: string;
  @EnumProperty(CredentialKind, 'CredentialKind') kind!: CredentialKind;
  @ApiProperty({ type: String, nullable: true, example: 'RN.0123456' })
  identifier!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'CO' })
  issuingState!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  issuedOn!: string | null;
  /** The last valid day. */
  @ApiProperty({ format: 'date', example: '2027-01-31' })
  expiresOn!: string;
  /** The admin who recorded (or last renewed) it, having seen the document. */
  @UuidProperty({ nullable: true }) verifiedBy!: string | null;
  @DateTimeProperty({ nullable: true }) verifiedAt!: string | null;
  @DateTimeProperty({ nullable: true }) revokedAt!: string | null;
  @UuidProperty({ nullable: true }) revokedBy!: string | null;
  revokeReason!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  /** Increments on every change; sent as the ETag. */
  version!: number;
}

export class StaffCredentialPageDto extends PageOf(StaffCredentialResponseDto) {}

export class ExpiringCredentialResponseDto extends StaffCredentialResponseDto {
  userFullName!: string;
  @EnumProperty(StaffRole, 'StaffRole') userRole!: StaffRole;
  /** Days from today (clinic calendar) to the last valid day; negative once expired. */
  daysUntilExpiry!: number;
}

export class ExpiringCredentialPageDto extends PageOf(ExpiringCredentialResponseDto) {}

export function mapStaffCredential(c: StaffCredentialEntity): StaffCredentialResponseDto {
  return {
    id: c.id,
    userId: c.userId,
    kind: c.kind,
    identifier: c.identifier,
    issuingState: c.issuingState,
    issuedOn: c.issuedOn,
    expiresOn: c.expiresOn,
    verifiedBy: c.verifiedBy,
    verifiedAt: c.verifiedAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedBy: c.revokedBy,
    revokeReason: c.revokeReason,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}
