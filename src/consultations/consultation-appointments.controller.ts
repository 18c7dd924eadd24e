import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
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
  @Endpoint({
    id: 'listConsultationAppointments',
    summary: 'The consultation agenda',
    description:
      'Consultation appointments of the caller’s clinics by start time, keyset-paginated. Filters combine: clinic, a day of the ' +
      'clinic’s calendar (`date`, in the clinic’s time zone), a time range (`from` inclusive, `to` exclusive), clinician, patient, status.',
    ok: ConsultationAppointmentPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: ConsultationAppointmentQueryDto,
  ): Promise<Page<ConsultationAppointmentResponseDto>> {
    return this.appointments.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @Endpoint({
    id: 'getConsultationAppointment',
    summary: 'Get a consultation appointment',
    description: 'Every read is audited. Appointments of other clinics answer 404.',
    ok: ConsultationAppointmentResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ConsultationAppointmentResponseDto> {
    return this.appointments.get(actor, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.FRONT_DESK)
  @Endpoint({
    id: 'cancelConsultationAppointment',
    summary: 'Cancel a consultation appointment',
    description:
      'scheduled → cancelled, freeing the clinician’s time; a cancelled one answers 409.',
    ok: ConsultationAppointmentResponseDto,
    problems: [400, 404, 409, 412],
    ifMatch: 'The ETag last read; 412 if the appointment has changed since',
  })
  cancel(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelConsultationAppointmentDto,
    @IfMatch() ifMatch: number | undefined,
  ): Promise<ConsultationAppointmentResponseDto> {
    return this.appointments.cancel(actor, id, dto, ifMatch);
  }
}
