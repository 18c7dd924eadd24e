import { Equals } from 'class-validator';
import { PageOf } from 'src/common/pagination/page.dto';
import {
  BooleanField,
  DateTimeField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
  TextField,
} from 'src/common/validation/field.decorators';
import { ConsentEntity, ConsentKind } from 'src/consents/consent.entity';

export class CreateConsentDto {
  @EnumField(ConsentKind, 'ConsentKind') kind!: ConsentKind;

  /** When the patient signed. */
  @DateTimeField() signedAt!: string;

  /** When the consent lapses; omit for no expiry. */
  @DateTimeField({ optional: true }) expiresAt?: string;

  /** Confirms the patient signed it themself (must be true). */
  @BooleanField({ example: true })
  @Equals(true, { message: 'signedByPatient must be true: only the patient can consent' })
  signedByPatient!: boolean;

  /** The staff user who witnessed the signature; defaults to the caller. */
  @UuidField({ optional: true }) witnessedBy?: string;

  /** Where the signed document is kept (document-store id or URI). */
  @TextField({ optional: true, min: 1, max: 500, example: 'docstore://consents/2026/abc123.pdf' })
  documentReference?: string;
}

export class RevokeConsentDto {
  /** Why the consent is withdrawn. */
  @TextField({ min: 1, max: 2000, example: 'Patient withdrew consent by phone' }) reason!: string;
}

export class ConsentResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @UuidProperty() patientId!: string;
  @EnumProperty(ConsentKind, 'ConsentKind') kind!: ConsentKind;
  @DateTimeProperty() signedAt!: string;
  @DateTimeProperty({ nullable: true }) expiresAt!: string | null;
  signedByPatient!: boolean;
  @UuidProperty() witnessedBy!: string;
  documentReference!: string | null;
  @UuidProperty() recordedBy!: string;
  @DateTimeProperty({ nullable: true }) revokedAt!: string | null;
  @UuidProperty({ nullable: true }) revokedBy!: string | null;
  revocationReason!: string | null;
  /** Signed, not revoked and not expired now. */
  active!: boolean;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
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
