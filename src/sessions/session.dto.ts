import { ApiProperty } from '@nestjs/swagger';
import { StaffRole } from 'src/auth/actor';
import { PageOf, PageQueryDto } from 'src/common/pagination/page.dto';
import {
  TextField,
  DateTimeField,
  DateTimeProperty,
  EnumField,
  EnumProperty,
  UuidField,
  UuidProperty,
} from 'src/common/validation/field.decorators';
import { QueryBoolean } from 'src/common/validation/query-boolean';
import { LateEntryReason, LateEntryRecordDto } from 'src/sessions/late-entry.dto';
import {
  GateOverrideRecordDto,
  InfusionEventResponseDto,
  SessionLedgerEntryDto,
} from 'src/sessions/session-infusion.dto';
import { SessionStatus } from 'src/sessions/session-lifecycle.rules';
import {
  AddendumResponseDto,
  AdverseEventResponseDto,
  MonitoringGapDto,
  VitalsResponseDto,
} from 'src/sessions/session-records.dto';
import {
  CheckInCorrectionDto,
  StopThresholdHoldResponseDto,
  VitalsAlertDto,
} from 'src/sessions/session-safety.dto';
import { InfusionSessionEntity, ScheduleChangeEntity } from 'src/sessions/session.entity';

const iso = (d: Date | null) => d?.toISOString() ?? null;

// ---------- requests: booking and the record ----------

export class CreateSessionDto {
  @UuidField() patientId!: string;

  /** An active plan of the patient (induction or maintenance). */
  @UuidField() planId!: string;

  @UuidField() chairId!: string;

  /** The nurse who will monitor the infusion; counts towards the clinic's patients-per-nurse limit. */
  @UuidField() nurseId!: string;

  /**
   * Not more than 5 minutes in the past (400 SCHEDULED_START_IN_PAST), unless the session is
   * recorded after the fact with lateEntryReason (within the clinic's lateEntryWindowHours).
   */
  @DateTimeField({ example: '2026-01-05T16:00:00Z' }) scheduledStart!: string;

  /**
   * A session that happened but was never booked (care charted on paper during downtime): its
   * scheduledStart is in the past and each step is then entered late (issue 9 point 6).
   */
  @LateEntryReason()
  lateEntryReason?: string;
}

export class RescheduleSessionDto {
  @DateTimeField({ optional: true }) scheduledStart?: string;

  @UuidField({ optional: true }) chairId?: string;

  @UuidField({ optional: true }) nurseId?: string;

  @TextField({ optional: true, max: 500, example: 'Patient asked for a later slot' })
  reason?: string;
}

export class CancelSessionDto {
  @TextField({ min: 1, max: 500, example: 'Patient unwell' }) reason!: string;
}

export class UpdateSessionDto {
  @TextField({ optional: true, nullable: true, max: 5000 }) notes?: string | null;
}

export class SessionQueryDto extends PageQueryDto {
  @UuidField({ optional: true }) clinicId?: string;

  @UuidField({ optional: true }) patientId?: string;

  @UuidField({ optional: true }) planId?: string;

  @UuidField({ optional: true }) chairId?: string;

  @UuidField({ optional: true }) nurseId?: string;

  @EnumField(SessionStatus, 'SessionStatus', { optional: true }) status?: SessionStatus;

  /** Sessions starting at or after. */
  @DateTimeField({ optional: true }) from?: string;

  /** Sessions starting before. */
  @DateTimeField({ optional: true }) to?: string;

  /**
   * `true`: nurses' discharges still awaiting a clinician's co-signature (§4.1), the clinician's
   * worklist; overdue ones have `dischargeCosignDueAt` in the past. `false`: the others.
   */
  @QueryBoolean()
  cosignPending?: boolean;
}

// ---------- responses ----------

export class SessionResponseDto {
  @UuidProperty() id!: string;
  @UuidProperty() clinicId!: string;
  @UuidProperty() patientId!: string;
  @UuidProperty() planId!: string;
  @ApiProperty({ enum: ['induction', 'maintenance'], enumName: 'PlanPhase' })
  planPhase!: string;
  /** The plan's terms (amendment) in force when booked. */
  planAmendmentNumber!: number;
  @UuidProperty() chairId!: string;
  @UuidProperty() nurseId!: string;
  @EnumProperty(SessionStatus, 'SessionStatus') status!: SessionStatus;
  @DateTimeProperty() scheduledStart!: string;
  /** Booked chair time ends at scheduledStart + infusionMinutes + recoveryMinutes. */
  @DateTimeProperty() scheduledEnd!: string;
  infusionMinutes!: number;
  recoveryMinutes!: number;
  @DateTimeProperty({ nullable: true }) checkedInAt!: string | null;
  @UuidProperty({ nullable: true }) checkedInBy!: string | null;
  escortConfirmed!: boolean;
  fastingConfirmed!: boolean;
  /** Steps entered after the fact with the time they happened (issue 9 point 6). */
  lateEntries!: LateEntryRecordDto[];
  /** Check-in answers corrected before the start, with reason (not in the front desk's view). */
  checkInCorrections?: CheckInCorrectionDto[];
  @DateTimeProperty({ nullable: true }) startedAt!: string | null;
  @UuidProperty({ nullable: true }) startedBy!: string | null;
  /** Relative gate checks a clinician overrode, with reason. */
  gateOverrides?: GateOverrideRecordDto[];
  /** The dosing weight used (kg) and its basis. */
  weightKg?: number | null;
  @ApiProperty({ type: String, nullable: true, enum: ['actual', 'ideal', 'adjusted'] })
  weightBasis?: string | null;
  doseMgPerKg?: number | null;
  /** weightKg × doseMgPerKg rounded down to 0.1 mg (never above the prescription nor the ceiling). */
  plannedDoseMg?: number | null;
  /** weightKg × min(plan ceiling, clinic maximum) rounded down to 0.1 mg. */
  ceilingMg?: number | null;
  rateMgPerHour?: number | null;
  @UuidProperty({ nullable: true }) lotId?: string | null;
  administeredMg?: number | null;
  /** Not in the front desk's scheduling view. */
  @DateTimeProperty({ nullable: true }) infusionEndedAt?: string | null;
  @UuidProperty({ nullable: true }) endedBy!: string | null;
  /** Not in the front desk's scheduling view. */
  stoppedEarly?: boolean;
  stopReason?: string | null;
  orientationConfirmed!: boolean;
  escortPresent!: boolean;
  notes?: string | null;
  @DateTimeProperty({ nullable: true }) dischargedAt!: string | null;
  @UuidProperty({ nullable: true }) dischargedBy!: string | null;
  /** A nurse prepared the discharge (criteria met then); a clinician discharges (§4.1). */
  @DateTimeProperty({ nullable: true }) dischargePreparedAt!: string | null;
  @UuidProperty({ nullable: true }) dischargePreparedBy!: string | null;
  /** Set when a nurse discharged under a co-signature policy: the clinician co-signs by then. */
  @DateTimeProperty({ nullable: true }) dischargeCosignDueAt!: string | null;
  @DateTimeProperty({ nullable: true }) dischargeCosignedAt!: string | null;
  @UuidProperty({ nullable: true }) dischargeCosignedBy!: string | null;
  /**
   * The open stop-threshold hold (§2.3): a reading at a stop threshold awaits a clinician's
   * decision (POST /sessions/{id}/stop-threshold-decision); null when none.
   */
  @UuidProperty({ nullable: true }) stopHoldId!: string | null;
  @DateTimeProperty({ nullable: true }) cancelledAt!: string | null;
  @UuidProperty({ nullable: true }) cancelledBy!: string | null;
  /** Free text, possibly clinical: not in the front desk's scheduling view. */
  cancelReason?: string | null;
  @DateTimeProperty({ nullable: true }) noShowAt!: string | null;
  @UuidProperty({ nullable: true }) noShowBy!: string | null;
  /** Transferred to an emergency department (status `transferred`). */
  @DateTimeProperty({ nullable: true }) transferredAt!: string | null;
  @UuidProperty({ nullable: true }) transferredBy!: string | null;
  /** Not in the front desk's scheduling view. */
  transferReason?: string | null;
  /** Not in the front desk's scheduling view. */
  transferDestination?: string | null;
  /** Once signed the record is locked: corrections are addenda. */
  @DateTimeProperty({ nullable: true }) signedAt!: string | null;
  @UuidProperty({ nullable: true }) signedBy!: string | null;
  @DateTimeProperty() createdAt!: string;
  @DateTimeProperty() updatedAt!: string;
  version!: number;
  /**
   * `full` for clinical staff and admins; `scheduling` for the front desk, whose copy keeps the
   * booking (status, times, chair, nurse) and omits the clinical fields (dosing, lot, notes, gate
   * overrides, infusionEndedAt, stoppedEarly, stop reason, cancelReason, transfer reason and
   * destination, vitals, adverse events,
   * infusion events, monitoring gaps, controlled-substance entries, addenda).
   */
  @ApiProperty({ enum: ['full', 'scheduling'], enumName: 'SessionView' })
  view!: 'full' | 'scheduling';
}

export class SessionPageDto extends PageOf(SessionResponseDto) {}

export class ScheduleChangeResponseDto {
  @DateTimeProperty() previousStart!: string;
  @UuidProperty() previousChairId!: string;
  @UuidProperty() previousNurseId!: string;
  @DateTimeProperty() newStart!: string;
  @UuidProperty() newChairId!: string;
  @UuidProperty() newNurseId!: string;
  reason!: string | null;
  @UuidProperty() changedBy!: string;
  @DateTimeProperty() changedAt!: string;
}

/** The whole session record: booking, lifecycle, dosing and everything recorded during it. */
export class SessionDetailDto extends SessionResponseDto {
  vitals?: VitalsResponseDto[];
  adverseEvents?: AdverseEventResponseDto[];
  infusionEvents?: InfusionEventResponseDto[];
  /** Stretches without vitals longer than the clinic's monitoring intervals (§3.2). */
  monitoringGaps?: MonitoringGapDto[];
  scheduleChanges!: ScheduleChangeResponseDto[];
  controlledSubstance?: SessionLedgerEntryDto[];
  addenda?: AddendumResponseDto[];
  /** Readings flagged at an alert or stop threshold while infusing or recovering (§2.3). */
  vitalsAlerts?: VitalsAlertDto[];
  /** Every stop-threshold hold, open or decided, with the reading that raised it (§2.3). */
  stopThresholdHolds?: StopThresholdHoldResponseDto[];
  /**
   * Minutes actually infused, pauses left out (start to end, or to now while running), and the
   * average rate over them in mg per kg of dosing weight per hour; null before the start.
   */
  infusedMinutes?: number | null;
  averageRateMgPerKgPerHour?: number | null;
}

export interface SessionRef {
  id: string;
  clinicId: string;
  patientId: string;
  planId: string;
  status: string;
  dischargedAt: Date | null;
}

// ---------- mappers ----------

export function mapSession(s: InfusionSessionEntity): SessionResponseDto {
  const end = new Date(
    s.scheduledStart.getTime() + (s.infusionMinutes + s.recoveryMinutes) * 60_000,
  );
  return {
    id: s.id,
    clinicId: s.clinicId,
    patientId: s.patientId,
    planId: s.planId,
    planPhase: s.planPhase,
    planAmendmentNumber: s.planAmendmentNumber,
    chairId: s.chairId,
    nurseId: s.nurseId,
    status: s.status,
    scheduledStart: s.scheduledStart.toISOString(),
    scheduledEnd: end.toISOString(),
    infusionMinutes: s.infusionMinutes,
    recoveryMinutes: s.recoveryMinutes,
    checkedInAt: iso(s.checkedInAt),
    checkedInBy: s.checkedInBy,
    escortConfirmed: s.escortConfirmed,
    fastingConfirmed: s.fastingConfirmed,
    checkInCorrections: s.checkInCorrections,
    lateEntries: s.lateEntries,
    startedAt: iso(s.startedAt),
    startedBy: s.startedBy,
    gateOverrides: s.gateOverrides,
    weightKg: s.weightKg,
    weightBasis: s.weightBasis,
    doseMgPerKg: s.doseMgPerKg,
    plannedDoseMg: s.plannedDoseMg,
    ceilingMg: s.ceilingMg,
    rateMgPerHour: s.rateMgPerHour,
    lotId: s.lotId,
    administeredMg: s.administeredMg,
    infusionEndedAt: iso(s.infusionEndedAt),
    endedBy: s.endedBy,
    stoppedEarly: s.stoppedEarly,
    stopReason: s.stopReason,
    orientationConfirmed: s.orientationConfirmed,
    escortPresent: s.escortPresent,
    notes: s.notes,
    dischargedAt: iso(s.dischargedAt),
    dischargedBy: s.dischargedBy,
    dischargePreparedAt: iso(s.dischargePreparedAt),
    dischargePreparedBy: s.dischargePreparedBy,
    dischargeCosignDueAt: iso(s.dischargeCosignDueAt),
    dischargeCosignedAt: iso(s.dischargeCosignedAt),
    dischargeCosignedBy: s.dischargeCosignedBy,
    stopHoldId: s.stopHoldId,
    cancelledAt: iso(s.cancelledAt),
    cancelledBy: s.cancelledBy,
    cancelReason: s.cancelReason,
    noShowAt: iso(s.noShowAt),
    noShowBy: s.noShowBy,
    transferredAt: iso(s.transferredAt),
    transferredBy: s.transferredBy,
    transferReason: s.transferReason,
    transferDestination: s.transferDestination,
    signedAt: iso(s.signedAt),
    signedBy: s.signedBy,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
    view: 'full',
  };
}

const CLINICAL_FIELDS = [
  'checkInCorrections',
  'gateOverrides',
  'weightKg',
  'weightBasis',
  'doseMgPerKg',
  'plannedDoseMg',
  'ceilingMg',
  'rateMgPerHour',
  'lotId',
  'administeredMg',
  'infusionEndedAt',
  'stoppedEarly',
  'stopReason',
  'cancelReason',
  'transferReason',
  'transferDestination',
  'notes',
  'vitals',
  'adverseEvents',
  'infusionEvents',
  'monitoringGaps',
  'controlledSubstance',
  'addenda',
  'vitalsAlerts',
  'stopThresholdHolds',
  'infusedMinutes',
  'averageRateMgPerKgPerHour',
] as const;

/** Minimum necessary: the front desk schedules, so its copy leaves the clinical record out. */
export function viewFor<T extends SessionResponseDto>(role: StaffRole, dto: T): T {
  if (role !== StaffRole.FRONT_DESK) {
    return dto;
  }
  const copy: T = { ...dto, view: 'scheduling' };
  CLINICAL_FIELDS.forEach((field) => delete (copy as Partial<SessionDetailDto>)[field]);
  return copy;
}

export function mapScheduleChange(c: ScheduleChangeEntity): ScheduleChangeResponseDto {
  return {
    previousStart: c.previousStart.toISOString(),
    previousChairId: c.previousChairId,
    previousNurseId: c.previousNurseId,
    newStart: c.newStart.toISOString(),
    newChairId: c.newChairId,
    newNurseId: c.newNurseId,
    reason: c.reason,
    changedBy: c.changedBy,
    changedAt: c.changedAt.toISOString(),
  };
}
