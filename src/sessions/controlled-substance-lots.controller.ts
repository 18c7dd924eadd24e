import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor, StaffRole } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { Page } from 'src/common/pagination/cursor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import {
  CreateLotCountDto,
  CreateLotDto,
  LotLedgerDto,
  LotPageDto,
  LotResponseDto,
} from 'src/sessions/controlled-substance-lot.dto';
import { ControlledSubstanceLotsService } from 'src/sessions/controlled-substance-lots.service';

const RECORDERS = [StaffRole.NURSE, StaffRole.CLINICIAN];
const READERS = [StaffRole.ADMIN, StaffRole.NURSE, StaffRole.CLINICIAN];

@ApiTags('controlled-substances')
@Controller('api/v1/clinics/:clinicId/controlled-substance-lots')
export class ControlledSubstanceLotsController {
  constructor(private readonly lots: ControlledSubstanceLotsService) {}

  @Post()
  @Auth(...RECORDERS)
  @SetsLocation()
  @Endpoint({
    id: 'receiveLot',
    summary: 'Record a lot of ketamine received',
    description:
      'Ketamine is Schedule III: every lot is recorded with its concentration, lot number, expiry and the quantity received in mg. The receipt opens the lot’s ledger. Lot numbers are unique per clinic and drug (409 LOT_NUMBER_TAKEN).',
    created: LotResponseDto,
    problems: [400, 404, 409],
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Body() dto: CreateLotDto,
  ): Promise<LotResponseDto> {
    return this.lots.create(actor, clinicId, dto);
  }

  @Get()
  @Auth(...READERS)
  @Endpoint({
    id: 'listLots',
    summary: 'List a clinic’s controlled-substance lots',
    ok: LotPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<LotResponseDto>> {
    return this.lots.list(actor, clinicId, query);
  }

  @Get(':lotId')
  @Auth(...READERS)
  @Endpoint({
    id: 'getLot',
    summary: 'Get a lot with its book balance',
    ok: LotResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('lotId', ParseUUIDPipe) lotId: string,
  ): Promise<LotResponseDto> {
    return this.lots.get(actor, clinicId, lotId);
  }

  @Get(':lotId/ledger')
  @Auth(...READERS)
  @Endpoint({
    id: 'getLotLedger',
    summary: 'The lot’s ledger and reconciliation report',
    description:
      'Every receipt, draw, administration, witnessed waste and physical count, oldest first, with the reconciliation received = given + wasted + on hand + in use. Any count that differs from the books, any overdraw, and any draw given or wasted beyond what was drawn is listed under `discrepancies`.',
    ok: LotLedgerDto,
    problems: [400, 404],
  })
  ledger(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('lotId', ParseUUIDPipe) lotId: string,
  ): Promise<LotLedgerDto> {
    return this.lots.ledger(actor, clinicId, lotId);
  }

  @Post(':lotId/counts')
  @HttpCode(200)
  @Auth(...RECORDERS)
  @Endpoint({
    id: 'countLot',
    summary: 'Record a physical count of the lot',
    description:
      'Answers the ledger with the count compared with the book balance; a difference is reported as a COUNT_MISMATCH discrepancy.',
    ok: LotLedgerDto,
    problems: [400, 404],
  })
  count(
    @CurrentActor() actor: Actor,
    @Param('clinicId', ParseUUIDPipe) clinicId: string,
    @Param('lotId', ParseUUIDPipe) lotId: string,
    @Body() dto: CreateLotCountDto,
  ): Promise<LotLedgerDto> {
    return this.lots.count(actor, clinicId, lotId, dto);
  }
}
