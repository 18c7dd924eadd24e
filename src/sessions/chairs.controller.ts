import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { parseIfMatch } from 'src/common/http/etag';
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
  @ApiOperation({
    operationId: 'createChair',
    summary: 'Add an infusion chair or room',
    description: 'Names are unique within the clinic (409 CHAIR_NAME_TAKEN).',
  })
  @ApiCreatedResponse({ type: ChairResponseDto })
  @ApiProblems(400, 404, 409)
  create(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Body() dto: CreateChairDto,
  ): Promise<ChairResponseDto> {
    return this.chairs.create(actor, clinicId, dto);
  }

  @Get()
  @Auth()
  @ApiOperation({
    operationId: 'listChairs',
    summary: 'List a clinic’s chairs',
    description: 'Active chairs by name; includeInactive=true adds deactivated ones.',
  })
  @ApiOkResponse({ type: ChairPageDto })
  @ApiProblems(400, 404)
  list(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Query() query: ChairQueryDto,
  ): Promise<Page<ChairResponseDto>> {
    return this.chairs.list(actor, clinicId, query);
  }

  @Get(':chairId')
  @Auth()
  @ApiOperation({ operationId: 'getChair', summary: 'Get a chair' })
  @ApiOkResponse({ type: ChairResponseDto })
  @ApiProblems(400, 404)
  get(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('chairId', ParseUUIDPipe) chairId: string,
  ): Promise<ChairResponseDto> {
    return this.chairs.get(actor, clinicId, chairId);
  }

  @Patch(':chairId')
  @Auth(StaffRole.ADMIN)
  @ApiOperation({ operationId: 'updateChair', summary: 'Rename or describe a chair' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag last read; 412 if stale' })
  @ApiOkResponse({ type: ChairResponseDto })
  @ApiProblems(400, 404, 409, 412)
  update(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('chairId', ParseUUIDPipe) chairId: string,
    @Body() dto: UpdateChairDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<ChairResponseDto> {
    return this.chairs.update(actor, clinicId, chairId, dto, parseIfMatch(ifMatch));
  }

  @Post(':chairId/deactivate')
  @HttpCode(200)
  @Auth(StaffRole.ADMIN)
  @ApiOperation({
    operationId: 'deactivateChair',
    summary: 'Take a chair out of service',
    description:
      'A deactivated chair stays on record (past sessions name it) but cannot be booked. 409 CHAIR_INACTIVE if it already is; 409 CHAIR_HAS_BOOKINGS while sessions are still booked on it.',
  })
  @ApiOkResponse({ type: ChairResponseDto })
  @ApiProblems(400, 404, 409)
  deactivate(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('chairId', ParseUUIDPipe) chairId: string,
  ): Promise<ChairResponseDto> {
    return this.chairs.deactivate(actor, clinicId, chairId);
  }
}
