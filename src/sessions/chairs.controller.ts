import {
  Body,
  Controller,
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
  ChairPageDto,
  ChairQueryDto,
  ChairResponseDto,
  CreateChairDto,
  UpdateChairDto,
} from 'src/sessions/chair.dto';
import { ChairsService } from 'src/sessions/chairs.service';

@ApiTags('chairs')
@Controller('api/v1/clinics/:clinicId/chairs')
export class ChairsController {
  constructor(private readonly chairs: ChairsService) {}

  @Post()
  @Auth(StaffRole.ADMIN)
  @SetsLocation()
  @Endpoint({
    id: 'createChair',
    summary: 'Add an infusion chair or room',
    description: 'Names are unique within the clinic (409 CHAIR_NAME_TAKEN).',
    created: ChairResponseDto,
    problems: [400, 404, 409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Body() dto: CreateChairDto,
  ): Promise<ChairResponseDto> {
    return this.chairs.create(actor, clinicId, dto);
  }

  @Get()
  @Auth()
  @Endpoint({
    id: 'listChairs',
    summary: 'List a clinic’s chairs',
    description: 'Active chairs by name; includeInactive=true adds deactivated ones.',
    ok: ChairPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Query() query: ChairQueryDto,
  ): Promise<Page<ChairResponseDto>> {
    return this.chairs.list(actor, clinicId, query);
  }

  @Get(':chairId')
  @Auth()
  @Endpoint({ id: 'getChair', summary: 'Get a chair', ok: ChairResponseDto, problems: [400, 404] })
  get(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('chairId', ParseUUIDPipe) chairId: string,
  ): Promise<ChairResponseDto> {
    return this.chairs.get(actor, clinicId, chairId);
  }

  @Patch(':chairId')
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'updateChair',
    summary: 'Rename or describe a chair',
    ifMatch: 'The ETag last read; 412 if stale',
    ok: ChairResponseDto,
    problems: [400, 404, 409, 412],
  })
  update(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('chairId', ParseUUIDPipe) chairId: string,
    @Body() dto: UpdateChairDto,
    @IfMatch() ifMatch?: number,
  ): Promise<ChairResponseDto> {
    return this.chairs.update(actor, clinicId, chairId, dto, ifMatch);
  }

  @Post(':chairId/deactivate')
  @HttpCode(200)
  @Auth(StaffRole.ADMIN)
  @Endpoint({
    id: 'deactivateChair',
    summary: 'Take a chair out of service',
    description:
      'A deactivated chair stays on record (past sessions name it) but cannot be booked. 409 CHAIR_INACTIVE if it already is; 409 CHAIR_HAS_BOOKINGS while sessions are still booked on it.',
    ok: ChairResponseDto,
    problems: [400, 404, 409],
  })
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('chairId', ParseUUIDPipe) chairId: string,
  ): Promise<ChairResponseDto> {
    return this.chairs.deactivate(actor, clinicId, chairId);
  }
}
