import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint, IfMatch } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import {
  CreatePatientDto,
  PatientPageDto,
  PatientQueryDto,
  PatientResponseDto,
  UpdatePatientDto,
} from 'src/patients/patient.dto';
import { PatientsService } from 'src/patients/patients.service';

const IF_MATCH = 'The ETag last read; 412 if the patient has changed since';

@ApiTags('patients')
@Controller('api/v1/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.FRONT_DESK)
  @SetsLocation()
  @Endpoint({
    id: 'createPatient',
    summary: 'Register a patient',
    description:
      'Creates the patient in one of the caller’s clinics. An MRN is generated when none is given. ' +
      'Front desk may not give weight or height (403).',
    created: {
      type: PatientResponseDto,
      description: 'Created; Location names the new patient, ETag its version',
    },
    problems: [400, 404, 409],
  })
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePatientDto): Promise<PatientResponseDto> {
    return this.patients.create(actor, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listPatients',
    summary: 'List and search patients',
    description:
      'Patients of the caller’s clinics in registration order, keyset-paginated (stable while patients are added). ' +
      'Filters combine: name prefix (case- and accent-insensitive), date of birth, MRN, email, phone digits (numbers ending with them, so the country code may be left out). Archived patients only with includeArchived=true.',
    ok: PatientPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Query() query: PatientQueryDto,
  ): Promise<Page<PatientResponseDto>> {
    return this.patients.list(actor, query);
  }

  @Get(':id')
  @Auth()
  @Endpoint({
    id: 'getPatient',
    summary: 'Get a patient',
    description: 'Archived patients are returned too, with archivedAt set.',
    ok: PatientResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PatientResponseDto> {
    return this.patients.get(actor, id);
  }

  @Patch(':id')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN, StaffRole.NURSE, StaffRole.FRONT_DESK)
  @Endpoint({
    id: 'updatePatient',
    summary: 'Change a patient',
    description:
      'Only the fields given change; null clears an optional field. Front desk may change demographics but not weight or height; ' +
      'nurses only weight and height; clinicians and admins anything.',
    ifMatch: IF_MATCH,
    ok: PatientResponseDto,
    problems: [400, 404, 409, 412],
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdatePatientDto,
    @IfMatch() version: number | undefined,
  ): Promise<PatientResponseDto> {
    return this.patients.update(actor, id, dto, version);
  }

  @Delete(':id')
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN)
  @Endpoint({
    id: 'archivePatient',
    summary: 'Archive a patient',
    description:
      'A soft delete: the record is kept with who archived it and when, and leaves lists unless includeArchived=true.',
    ifMatch: IF_MATCH,
    ok: { type: PatientResponseDto, description: 'The archived patient' },
    problems: [400, 404, 409, 412],
  })
  archive(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @IfMatch() version: number | undefined,
  ): Promise<PatientResponseDto> {
    return this.patients.archive(actor, id, version);
  }

  @Post(':id/restore')
  @HttpCode(200)
  @Auth(StaffRole.ADMIN, StaffRole.CLINICIAN)
  @Endpoint({
    id: 'restorePatient',
    summary: 'Restore an archived patient',
    ok: PatientResponseDto,
    problems: [400, 404, 409],
  })
  restore(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<PatientResponseDto> {
    return this.patients.restore(actor, id);
  }
}
