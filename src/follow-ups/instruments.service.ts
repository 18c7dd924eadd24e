import { Injectable } from '@nestjs/common';
import { INSTRUMENTS } from 'src/follow-ups/instrument.catalog';
import { InstrumentListDto, mapInstrument } from 'src/follow-ups/instrument.dto';

/** The instrument catalogue is code, not data in the database: read-only and versioned. */
@Injectable()
export class InstrumentsService {
  list(): InstrumentListDto {
    return { data: INSTRUMENTS.map(mapInstrument), nextCursor: null };
  }
}
