import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from 'src/auth/actor';
import { Auth, CurrentActor } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { SetsLocation } from 'src/common/http/response-headers.interceptor';
import { PageQueryDto } from 'src/common/pagination/page.dto';
import { CARE_TEAM, CLINICAL_WRITERS } from 'src/follow-ups/care-roles';
import {
  CreateJournalEntryDto,
  JournalEntryPageDto,
  JournalEntryResponseDto,
} from 'src/follow-ups/journal.dto';
import { JournalService } from 'src/follow-ups/journal.service';

@ApiTags('journal')
@Controller('api/v1/patients/:id/journal')
export class JournalController {
  constructor(private readonly journal: JournalService) {}

  @Post()
  @Auth(...CLINICAL_WRITERS)
  @SetsLocation()
  @Endpoint({
    id: 'createJournalEntry',
    summary: 'Add a mood journal entry',
    description:
      'Patient-reported mood (0-10), anxiety, sleep and free text for a day. There is no patient login yet: ' +
      'staff enter it on the patient’s behalf, saying how it was reported (`reportedVia`), and are recorded as `recordedBy`. ' +
      'entryDate may not be after today in the clinic’s time zone (400 ENTRY_DATE_IN_FUTURE).',
    created: JournalEntryResponseDto,
    problems: [400, 404],
  })
  create(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateJournalEntryDto,
  ): Promise<JournalEntryResponseDto> {
    return this.journal.create(actor, id, dto);
  }

  @Get()
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'listJournalEntries',
    summary: 'List a patient’s journal',
    description: 'Newest day first.',
    ok: JournalEntryPageDto,
    problems: [400, 404],
  })
  list(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<JournalEntryPageDto> {
    return this.journal.list(actor, id, query);
  }

  @Get(':entryId')
  @Auth(...CARE_TEAM)
  @Endpoint({
    id: 'getJournalEntry',
    summary: 'Get one journal entry',
    description:
      'The entry the create answer’s Location names; 404 for another patient’s or clinic’s entry.',
    ok: JournalEntryResponseDto,
    problems: [400, 404],
  })
  get(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('entryId', ParseUUIDPipe) entryId: string,
  ): Promise<JournalEntryResponseDto> {
    return this.journal.get(actor, id, entryId);
  }
}
