import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  Equals,
  IsBoolean,
  IsDateString,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import { ConsentEntity, ConsentKind } from 'src/consents/consent.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateConsentDto {
  @ApiProperty({ enum: ConsentKind, enumName: 'ConsentKind' })
  @IsEnum(ConsentKind)
  kind!: ConsentKind;

  /** When the patient signed. */
  @ApiProperty({ format: 'date-time' })
  @IsDateString({ strict: true })
  signedAt!: string;

  /** When the consent lapses; omit for no expiry. */
  @ApiProperty({ required: false, format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  expiresAt?: string;

  /** Confirms the patient signed it themself (must be true). */
  @ApiProperty({ example: true })
  @IsBoolean()
  @Equals(true, { message: 'signedByPatient must be true: only the patient can consent' })
  signedByPatient!: boolean;

  /** The staff user who witnessed the signature; defaults to the caller. */
  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  witnessedBy?: string;

  /** Where the signed document is kept (document-store id or URI). */
  @ApiProperty({ required: false, example: 'docstore://consents/2026/abc123.pdf' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  documentReference?: string;
}

export class RevokeConsentDto {
  /** Why the consent is withdrawn. */
  @ApiProperty({ example: 'Patient withdrew consent by phone' })
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class ConsentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  clinicId!: string;
  @ApiProperty({ format: 'uuid' })
  patientId!: string;
  @ApiProperty({ enum: ConsentKind, enumName: 'ConsentKind' })
  kind!: ConsentKind;
  @ApiProperty({ format: 'date-time' })
  signedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt!: string | null;
  signedByPatient!: boolean;
  @ApiProperty({ format: 'uuid' })
  witnessedBy!: string;
  @ApiProperty({ type: String, nullable: true })
  documentReference!: string | null;
  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revokedAt!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  revokedBy!: string | null;
  @ApiProperty({ type: String, nullable: true })
  revocationReason!: string | null;
  /** Signed, not revoked and not expired now. */
  active!: boolean;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
  version!: number;
}

export class ConsentPageDto extends PageOf(ConsentResponseDto) {}

export function isConsentActive(c: ConsentEntity, at: Date): boolean {
  return (
    c.signedAt.getTime() <= at.getTime() &&
    c.revokedAt === null &&
    (c.expiresAt === null || c.expiresAt.getTime() > at.getTime())
  );
}

export function mapConsent(c: ConsentEntity, now: Date = new Date()): ConsentResponseDto {
  return {
    id: c.id,
    clinicId: c.clinicId,
    patientId: c.patientId,
    kind: c.kind,
    signedAt: c.signedAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    signedByPatient: c.signedByPatient,
    witnessedBy: c.witnessedBy,
    documentReference: c.documentReference,
    recordedBy: c.recordedBy,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revokedBy: c.revokedBy,
    revocationReason: c.revocationReason,
    active: isConsentActive(c, now),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}
