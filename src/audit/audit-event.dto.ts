import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { AuditAction, AuditEventEntity, AuditOutcome } from 'src/audit/audit-event.entity';

export class AuditEventQueryDto extends PageQueryDto {
  /** e.g. `Patient`, `User`, `Clinic`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  resourceType?: string;

  /** Events about this record, including lists that returned it. */
  @UuidField({ optional: true }) resourceId?: string;

  @UuidField({ optional: true }) actorId?: string;

  @EnumField(AuditAction, 'AuditAction', { optional: true }) action?: AuditAction;

  /** `forbidden`, `not_found` and `unauthenticated` are refused attempts (issue 11). */
  @EnumField(AuditOutcome, 'AuditOutcome', { optional: true }) outcome?: AuditOutcome;

  @UuidField({ optional: true }) clinicId?: string;

  /** Inclusive lower bound (ISO 8601). */
  @ApiProperty({ required: false, type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  /** Exclusive upper bound (ISO 8601). */
  @ApiProperty({ required: false, type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

export class AuditEventResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty({ nullable: true }) clinicId!: string | null;
  @UuidProperty({ nullable: true }) actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'clinician' })
  actorRole!: string | null;
  @EnumProperty(AuditAction, 'AuditAction') action!: AuditAction;
  @ApiProperty({ nullable: true, type: String, example: 'deactivate' })
  actionName!: string | null;
  /** How the access ended: `success`, or refused with 401, 403 or 404. */
  @EnumProperty(AuditOutcome, 'AuditOutcome') outcome!: AuditOutcome;
  @ApiProperty({ example: 'Patient' })
  resourceType!: string;
  @UuidProperty({ nullable: true }) resourceId!: string | null;
  @ApiProperty({ type: [String], nullable: true })
  resourceIds!: string[] | null;
  @ApiProperty({ nullable: true, type: String })
  requestId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' })
  clientIp!: string | null;
  @ApiProperty({ nullable: true, type: Object, example: { fields: ['phone', 'address'] } })
  details!: Record<string, unknown> | null;
  @DateTimeProperty() occurredAt!: string;
}

export class AuditEventPageDto extends PageOf(AuditEventResponseDto) {}

export function mapAuditEvent(e: AuditEventEntity): AuditEventResponseDto {
  return {
    id: e.id,
    clinicId: e.clinicId,
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    actionName: e.actionName,
    outcome: e.outcome,
    resourceType: e.resourceType,
    resourceId: e.resourceId,
    resourceIds: e.resourceIds,
    requestId: e.requestId,
    clientIp: e.clientIp,
    details: e.details,
    occurredAt: e.occurredAt.toISOString(),
  };
}
