import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { InstrumentListDto } from 'src/follow-ups/instrument.dto';
import { InstrumentsService } from 'src/follow-ups/instruments.service';

@ApiTags('instruments')
@Controller('api/v1/instruments')
export class InstrumentsController {
  constructor(private readonly instruments: InstrumentsService) {}

  @Get()
  @Auth()
  @Endpoint({
    id: 'listInstruments',
    summary: 'List the rating scales',
    description:
      'PHQ-9, GAD-7, PCL-5, the C-SSRS screener, CADSS-6 and the 0-10 pain scale, each versioned: items with ranges, ' +
      'scoring, severity bands, screening cutoff, response (≥ 50 %), meaningful-improvement (PCL-5, pain: ≥ 30 %) and remission ' +
      'thresholds, and LOINC codes (uncertain ones marked). Read-only. The usual list shape `{data, nextCursor}`: every instrument ' +
      'is on one page, so nextCursor is always null.',
    ok: InstrumentListDto,
  })
  list(): InstrumentListDto {
    return this.instruments.list();
  }
}
