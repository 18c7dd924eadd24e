import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from 'src/auth/auth.decorators';
import { ClinicsService } from 'src/clinics/clinics.service';
import { PublicClinicPageDto, PublicClinicResponseDto } from 'src/clinics/public-clinic.dto';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';

@ApiTags('public')
@Controller('api/v1/public/clinics')
export class PublicClinicsController {
  constructor(private readonly clinics: ClinicsService) {}

  @Get()
  @Public()
  @Endpoint({
    id: 'listPublicClinics',
    summary: 'Clinic directory',
    description:
      'No token needed. Clinics listed publicly, by name, with address, phone, email, time zone, opening hours and the treatments offered. ' +
      'Clinic settings and internal data are never shown.',
    ok: PublicClinicPageDto,
    problems: [400],
  })
  list(@Query() query: PageQueryDto): Promise<Page<PublicClinicResponseDto>> {
    return this.clinics.listPublic(query);
  }

  @Get(':id')
  @Public()
  @Endpoint({
    id: 'getPublicClinic',
    summary: 'One clinic of the directory',
    description:
      'No token needed. 404 for a clinic that is not listed publicly, as for a missing one.',
    ok: PublicClinicResponseDto,
    problems: [400, 404],
  })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<PublicClinicResponseDto> {
    return this.clinics.getPublic(id);
  }
}
