import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import { AuditAction, AuditEventEntity, AuditOutcome } from 'src/audit/audit-event.entity';

export class AuditEventQueryDto extends PageQueryDto {
  /** e.g. `Patient`, `User`, `Clinic`. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  resourceType?: string;

  /** Events about this record, including lists that returned it. */
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiProperty({ enum: AuditAction, enumName: 'AuditAction', required: false })
  @IsOptional()
  @IsEnum(AuditAction)
  action?: AuditAction;

  /** `forbidden`, `not_found` and `unauthenticated` are refused attempts (issue 11). */
  @ApiProperty({ enum: AuditOutcome, enumName: 'AuditOutcome', required: false })
  @IsOptional()
  @IsEnum(AuditOutcome)
  outcome?: AuditOutcome;

  @IsOptional()
  @IsUUID()
  clinicId?: string;

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
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  clinicId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'clinician' })
  actorRole!: string | null;
  @ApiProperty({ enum: AuditAction, enumName: 'AuditAction' })
  action!: AuditAction;
  @ApiProperty({ nullable: true, type: String, example: 'deactivate' })
  actionName!: string | null;
  /** How the access ended: `success`, or refused with 401, 403 or 404. */
  @ApiProperty({ enum: AuditOutcome, enumName: 'AuditOutcome' })
  outcome!: AuditOutcome;
  @ApiProperty({ example: 'Patient' })
  resourceType!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  resourceId!: string | null;
  @ApiProperty({ type: [String], nullable: true })
  resourceIds!: string[] | null;
  @ApiProperty({ nullable: true, type: String })
  requestId!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '203.0.113.7' })
  clientIp!: string | null;
  @ApiProperty({ nullable: true, type: Object, example: { fields: ['phone', 'address'] } })
  details!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;
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
