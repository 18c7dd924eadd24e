import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { CARE_TEAM } from 'src/follow-ups/care-roles';
import { ClinicOutcomesDto, PatientOutcomesDto } from 'src/follow-ups/outcome.dto';
import { OutcomesService } from 'src/follow-ups/outcomes.service';

@ApiTags('outcomes')
@Controller('api/v1')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get('patients/:id/outcomes')
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'getPatientOutcomes',
    summary: 'A patient’s outcomes per rating scale',
    description:
      'For each outcome scale the patient was assessed with, judged within the patient’s current (or most recent) plan whose ' +
      'induction started (`planId`, `inductionStartedAt`): baseline = the latest assessment in the `baseline` context taken on ' +
      'or before the induction start (§5: the pre-induction baseline), latest = the most recent assessment after the induction ' +
      'start. Without such a plan: baseline = the earliest `baseline` assessment, latest = the most recent after it. Then change ' +
      '(latest − baseline), percentChange ((baseline − latest) / baseline × 100; null when baseline is 0), response (≥ 50 % ' +
      'reduction, every scale), meaningfulImprovement (≥ 30 %, PCL-5 and pain only), remission (PHQ-9/GAD-7 < 5, judged only ' +
      'from a baseline above the cutoff; none defined for PCL-5 and pain) and the time series of every score. Without a ' +
      'baseline nothing is judged. The C-SSRS and CADSS-6 are not outcome measures.',
    ok: PatientOutcomesDto,
    problems: [400, 404],
  })
  forPatient(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PatientOutcomesDto> {
    return this.outcomes.forPatient(actor, id);
  }

  @Get('clinics/:id/outcomes')
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'getClinicOutcomes',
    summary: 'A clinic’s response and remission rates after induction',
    description:
      'Among the clinic’s treatment plans whose induction finished, per indication: how many, how many could be judged, ' +
      'responders (≥ 50 %), meaningfully improved (≥ 30 %, PCL-5 and pain) and remitters with rates (%). Each plan is judged ' +
      'on its indication’s scale (depression and suicidal ideation: PHQ-9; PTSD: PCL-5; anxiety: GAD-7; chronic pain: pain ' +
      'NRS; OCD: none yet) from the plan’s own baseline (the latest `baseline` assessment on or before its induction start) ' +
      'to the last score taken after the induction start and up to endOfInductionWindowDays after induction ended. ' +
      'Remission counts only plans whose baseline was above the remission cutoff.',
    ok: ClinicOutcomesDto,
    problems: [400, 404],
  })
  forClinic(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ClinicOutcomesDto> {
    return this.outcomes.forClinic(actor, id);
  }
}
