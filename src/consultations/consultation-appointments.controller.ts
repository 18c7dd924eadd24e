import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { parseIfMatch } from 'src/common/http/etag';
import { Page } from 'src/common/pagination/cursor';
import {
  CancelConsultationAppointmentDto,
  ConsultationAppointmentPageDto,
  ConsultationAppointmentQueryDto,
  ConsultationAppointmentResponseDto,
} from 'src/consultations/consultation-appointment.dto';
import { ConsultationAppointmentsService } from 'src/consultations/consultation-appointments.service';

@ApiTags('consultation-appointments')
@Controller('api/v1/consultation-appointments')
export class ConsultationAppointmentsController {
  constructor(private readonly appointments: ConsultationAppointmentsService) {}

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listConsultationAppointments',
    summary: 'The consultation agenda',
    description:
      'Consultation appointments of the caller’s clinics by start time, keyset-paginated. Filters combine: clinic, a day of the ' +
      'clinic’s calendar (`date`, in the clinic’s time zone), a time range (`from` inclusive, `to` exclusive), clinician, patient, status.',
  })
  @ApiOkResponse({ type: ConsultationAppointmentPageDto })
  @ApiProblems(400, 404)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ConsultationAppointmentQueryDto,
  ): Promise<Page<ConsultationAppointmentResponseDto>> {
    return this.appointments.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @ApiOperation({
    operationId: 'getConsultationAppointment',
    summary: 'Get a consultation appointment',
    description: 'Every read is audited. Appointments of other clinics answer 404.',
  })
  @ApiOkResponse({ type: ConsultationAppointmentResponseDto })
  @ApiProblems(400, 404)
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ConsultationAppointmentResponseDto> {
    return this.appointments.get(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.FRONT_DESK)
  @ApiOperation({
    operationId: 'cancelConsultationAppointment',
    summary: 'Cancel a consultation appointment',
    description:
      'scheduled → cancelled, freeing the clinician’s time; a cancelled one answers 409.',
  })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'The ETag last read; 412 if the appointment has changed since',
  })
  @ApiOkResponse({ type: ConsultationAppointmentResponseDto })
  @ApiProblems(400, 404, 409, 412)
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelConsultationAppointmentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ConsultationAppointmentResponseDto> {
    return this.appointments.cancel(actor, id, dto, parseIfMatch(ifMatch));
  }
}
