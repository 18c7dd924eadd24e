import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { StaffRole } from 'src/auth/actor';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  TextField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { OptionalNotNull } from 'src/common/validation/optional-not-null';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { UserWithClinics } from 'src/users/users.repository';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  /** Login name; unique, compared case-insensitively. */
  @ApiProperty({ example: 'nurse.jones@clinic.example' })
  @Transform(trim)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @TextField({ min: 1, max: 200, example: 'Dana Jones, RN' }) fullName!: string;

  @EnumField(StaffRole, 'StaffRole', { example: StaffRole.NURSE }) role!: StaffRole;

  /**
   * At least 12 characters, no other composition rule (NIST SP 800-63B). Refused with 400
   * `WEAK_PASSWORD` when it is a common or breached password, repetitive or sequential, or the user's
   * name or email or the product's or a clinic's name, also with digits or symbols added. Stored only
   * as an argon2id hash.
   */
  @ApiProperty({ example: 'lantern-orchard-velvet-nine' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password!: string;

  /** Clinics the user works at; each must be one of the calling admin's clinics. */
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  clinicIds!: string[];
}

export class UpdateUserDto {
  @TextField({ optional: 'not-null', min: 1, max: 200 }) fullName?: string;

  @EnumField(StaffRole, 'StaffRole', { optional: 'not-null' }) role?: StaffRole;

  /**
   * The user's clinics among the calling admin's clinics; memberships in clinics the admin does not
   * belong to are left as they are.
   */
  @ApiProperty({ type: [String], format: 'uuid', required: false })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  clinicIds?: string[];

  /**
   * A new password (admin reset); the user's existing tokens stop working. The same rules as at
   * creation (400 `WEAK_PASSWORD`).
   */
  @OptionalNotNull()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password?: string;
}

export class UserQueryDto extends PageQueryDto {
  /** Include deactivated users. */
  @ApiProperty({ required: false, default: false })
  @QueryBoolean()
  includeInactive: boolean = false;
}

export class UserResponseDto {
  @UuidProperty() id!: string;
  email!: string;
  fullName!: string;
  @EnumProperty(StaffRole, 'StaffRole') role!: StaffRole;
  @UuidProperty({ each: true }) clinicIds!: string[];
  active!: boolean;
  @DateTimeProperty({ nullable: true }) deactivatedAt!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  /** Increments on every change; sent as the ETag. */
  version!: number;
}

export class UserPageDto extends PageOf(UserResponseDto) {}

/**
 * `viewer`: who asks. Another admin sees the user's memberships in their own clinics only, so the ids
 * of other tenants' clinics do not leak.
 */
export function mapUser(
  user: UserWithClinics,
  viewer?: { userId: string; clinicIds: string[] },
): UserResponseDto {
  const clinicIds =
    viewer && viewer.userId !== user.id
      ? user.clinicIds.filter((c) => viewer.clinicIds.includes(c))
      : user.clinicIds;
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    role: user.role,
    clinicIds: [...clinicIds].sort(),
    active: user.active,
    deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
    version: user.version,
  };
}
