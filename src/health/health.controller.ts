import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from 'src/auth/auth.decorators';
import { Endpoint } from 'src/common/http/endpoint.decorator';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { Lifecycle } from 'src/health/lifecycle';
import { ReadinessProbe } from 'src/health/readiness-probe';

export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly probe: ReadinessProbe,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get('live')
  @HttpCode(200)
  @Endpoint({
    id: 'getLiveness',
    summary: 'Liveness',
    description: '200 while the process runs; no dependencies are checked.',
    ok: HealthDto,
  })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Endpoint({
    id: 'getReadiness',
    summary: 'Readiness',
    description:
      '200 when the database answers within 2 seconds, 503 otherwise (`DATABASE_UNAVAILABLE`). The probe has a connection of its own: a busy service is still ready. From the moment the process is told to stop (SIGTERM), 503 `SHUTTING_DOWN`: a load balancer should stop sending requests to it.',
    ok: HealthDto,
    problems: [503],
  })
  async ready(): Promise<HealthDto> {
    if (this.lifecycle.shuttingDown) {
      throw new CommonException(
        CommonExceptionCode.SHUTTING_DOWN,
        'This instance is shutting down',
      );
    }
    if (!(await this.probe.databaseAnswers())) {
      throw new CommonException(
        CommonExceptionCode.DATABASE_UNAVAILABLE,
        'The database is not answering',
      );
    }
    return { status: 'ok' };
  }
}
