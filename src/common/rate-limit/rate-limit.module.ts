import { Global, Module } from '@nestjs/common';
import { RateLimitService } from 'src/common/rate-limit/rate-limit.service';

/** Global: the login guard (auth) and the public form guard (consultations) count in one store. */
@Global()
@Module({
  providers: [RateLimitService],
  exports: [RateLimitService],
})
export class RateLimitModule {}
