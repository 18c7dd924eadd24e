import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { DischargeSessionDto } from 'src/sessions/session-infusion.dto';
import { SessionDetailDto } from 'src/sessions/session.dto';
import { SessionsDischargeService } from 'src/sessions/sessions-discharge.service';

const { CLINICIAN, NURSE } = StaffRole;

const CRITERIA =
  'The criteria (§4.1), judged now from what was recorded since the infusion’s recorded end: at least minRecoveryMinutes (default 30); current vitals — the latest taken after the end and at or before now, no older than recoveryMonitoringIntervalMinutes (default 15) — with BP at or below the pre-dose holds, HR in range and SpO2 ≥ dischargeMinSpo2 (default 94); ' +
  'sedation back to the patient’s baseline on the scale recorded (the latest pre-infusion score on the same scale, else MOAA/S 5 or RASS 0); dissociation assessed and resolved; orientation confirmed and not contradicted by the latest `oriented: false`; an escort present. ' +
  'Otherwise 422 DISCHARGE_CRITERIA_NOT_MET listing each in `failedChecks` (none overridable): INFUSION_NOT_ENDED, RECOVERY_TIME_NOT_MET, DISCHARGE_VITALS_MISSING, DISCHARGE_VITALS_STALE, DISCHARGE_BP_HIGH, DISCHARGE_HEART_RATE_OUT_OF_RANGE, DISCHARGE_SPO2_LOW, ' +
  'SEDATION_NOT_ASSESSED, SEDATION_NOT_AT_BASELINE, DISSOCIATION_NOT_ASSESSED, DISSOCIATION_NOT_RESOLVED, ORIENTATION_NOT_CONFIRMED, ORIENTATION_CONTRADICTED, ESCORT_NOT_PRESENT. A patient who cannot meet them is transferred instead (POST /sessions/{id}/transfer).';

/** Discharge ends with a clinician's sign-off (§4.1): prepared by a nurse, confirmed or co-signed. */
@ApiTags('sessions')
@Controller('api/v1/sessions')
export class SessionDischargeController {
  constructor(private readonly discharges: SessionsDischargeService) {}

  @Post(':id/prepare-discharge')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'prepareDischarge',
    summary: 'Record that the discharge criteria are met, for a clinician to confirm',
    description:
      'From recovery. Records the nurse’s answers (orientationConfirmed, escortPresent, both required here) and who prepared it when; the status stays recovery. ' +
      CRITERIA,
    ok: SessionDetailDto,
    problems: [400, 404, 409, 422],
  })
  prepare(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DischargeSessionDto,
  ): Promise<SessionDetailDto> {
    return this.discharges.prepare(actor, id, dto);
  }

  @Post(':id/discharge')
  @HttpCode(200)
  @Auth(CLINICIAN, NURSE)
  @Endpoint({
    id: 'dischargeSession',
    summary: 'Discharge the patient',
    description:
      'Who: a clinician; a nurse only when the clinic’s dischargeCosignWindowHours is above 0 (default 0: 403 DISCHARGE_NEEDS_CLINICIAN, prepare it instead), and then a clinician co-signs within that many hours (`dischargeCosignDueAt`, POST /sessions/{id}/cosign-discharge). ' +
      'orientationConfirmed and escortPresent default to the prepared discharge’s answers (400 DISCHARGE_ANSWERS_REQUIRED when neither says). The criteria are judged again now, whoever prepared it. ' +
      CRITERIA +
      ' A late entry (`occurredAt`, `lateEntryReason`, within the clinic’s lateEntryWindowHours) is judged at its stated time: the recovery time and the vitals then. ' +
      'The chair, the patient and the nurse are free from this moment; the session counts towards the plan’s progress, and in the same transaction the clinic’s automatic follow-ups are created (setting followUpDaysAfterSession, default next day and one week, dated in the clinic’s calendar).',
    ok: SessionDetailDto,
    problems: [400, 403, 404, 409, 422],
  })
  discharge(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: DischargeSessionDto,
  ): Promise<SessionDetailDto> {
    return this.discharges.discharge(actor, id, dto);
  }

  @Post(':id/cosign-discharge')
  @HttpCode(200)
  @Auth(CLINICIAN)
  @Endpoint({
    id: 'cosignDischarge',
    summary: 'Co-sign a nurse’s discharge',
    description:
      'Clinicians only, on a discharged session a nurse discharged under the co-signature policy (else 409 NOTHING_TO_COSIGN). A co-signature after `dischargeCosignDueAt` is kept and shows as late (dischargeCosignedAt after the due time). The record cannot be signed before it (409 DISCHARGE_COSIGN_PENDING).',
    ok: SessionDetailDto,
    problems: [400, 404, 409],
  })
  cosign(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<SessionDetailDto> {
    return this.discharges.cosign(actor, id);
  }
}
