import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from 'src/auth/auth.decorators';
import { ApiProblems } from 'src/common/http/api-problems.decorator';
import { CommonException, CommonExceptionCode } from 'src/common/problem/domain.exception';
import { ReadinessProbe } from 'src/health/readiness-probe';

export class HealthDto {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly probe: ReadinessProbe) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness',
    description: '200 while the process runs; no dependencies are checked.',
  })
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness',
    description:
      '200 when the database answers within 2 seconds, 503 otherwise. The probe has a connection of its own: a busy service is still ready.',
  })
  @ApiOkResponse({ type: HealthDto })
  @ApiProblems(503)
  async ready(): Promise<HealthDto> {
    if (!(await this.probe.databaseAnswers())) {
      throw new CommonException(
        CommonExceptionCode.DATABASE_UNAVAILABLE,
        'The database is not answering',
      );
    }
    return { status: 'ok' };
  }
}
