import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { parseTrustProxy, TrustProxy } from 'src/config/trust-proxy';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const DEFAULT_TRUST_PROXY = 'loopback';

@ValidatorConstraint({ name: 'trustProxy' })
class IsTrustProxy implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && parseTrustProxy(value) !== null;
  }

  defaultMessage(): string {
    return 'TRUST_PROXY must be true, false, a hop count, or a comma-separated list of addresses, CIDR subnets, loopback, linklocal or uniquelocal';
  }
}

/** Every environment variable the service reads, validated once at boot (see README "Configuration"). */
export class EnvironmentVariables {
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  DATABASE_URL?: string;

  /**
   * The schema owner's URL, for the migrations the server runs at start (and for
   * `npm run migration:run` and the seed); DATABASE_URL is then the restricted service role.
   * Unset: DATABASE_URL does both (README "Database roles").
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  MIGRATION_DATABASE_URL?: string;

  @IsString()
  DATA_DIR = './.data';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(12)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(emptyToUndefined)
  @IsString()
  @MinLength(32)
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86_400)
  JWT_EXPIRES_IN_SECONDS = 3600;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** Login attempts allowed per client and email address in LOGIN_RATE_WINDOW_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  LOGIN_RATE_WINDOW_SECONDS = 60;

  /** Public form submissions (consultation requests) allowed per client address per window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  PUBLIC_RATE_LIMIT = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  DB_POOL_SIZE = 10;

  /** The longest one SQL statement may run before PostgreSQL cancels it (a 503 to the client). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DB_STATEMENT_TIMEOUT_MS = 10_000;

  /** The longest a statement waits for a row or table lock held by another transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DB_LOCK_TIMEOUT_MS = 5_000;

  /** PostgreSQL ends a session left idle inside a transaction this long (a stalled or dead client). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;

  /** Each request's deadline: past it the client gets 503 and the request's transaction is ended. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  REQUEST_TIMEOUT_MS = 20_000;

  /** A client must have sent its request headers within this (slow-header attacks). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** A client must have sent its whole request, body included, within this (stalled bodies). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  /** After SIGTERM: how long readiness reports 503 while requests are still served (load balancers). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  SHUTDOWN_DRAIN_MS = 3_000;

  /** After SIGTERM: the deadline for the whole shutdown; connections still open then are closed. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  SHUTDOWN_TIMEOUT_MS = 15_000;

  /** How often the audit sealer chains newly committed audit events (README "Audit"). */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(60_000)
  AUDIT_SEAL_INTERVAL_MS = 1_000;

  /**
   * Which proxies' X-Forwarded-For to believe (Express `trust proxy`): the client address in audit
   * events and the per-client rate limits come from it. Behind a load balancer, name it (its
   * address or subnet) or give the hop count; `loopback` trusts only a proxy on this machine.
   */
  @Transform(({ value }: { value: unknown }) =>
    value === '' || value === undefined ? DEFAULT_TRUST_PROXY : value,
  )
  @Validate(IsTrustProxy)
  TRUST_PROXY = DEFAULT_TRUST_PROXY;

  /**
   * Strict-Transport-Security (a year): `true` or `false`; unset, on exactly when NODE_ENV is
   * production. Browsers heed it only over HTTPS, and once seen it pins the host name to HTTPS for
   * the year, so a development machine on plain http://localhost is better without it.
   */
  @IsOptional()
  @Transform(emptyToUndefined)
  @IsIn(['true', 'false'])
  HSTS?: 'true' | 'false';
}

export interface AppConfig {
  env: EnvironmentVariables['NODE_ENV'];
  port: number;
  logLevel: LogLevel;
  database: {
    url?: string;
    /** The schema owner's URL (MIGRATION_DATABASE_URL); only with `url`. */
    migrationUrl?: string;
    dataDir: string;
    embeddedPort: number;
    poolSize: number;
    timeouts: DatabaseTimeouts;
  };
  http: { requestTimeoutMs: number; headersTimeoutMs: number; receiveTimeoutMs: number };
  shutdown: { drainMs: number; timeoutMs: number };
  auth: {
    jwtSecret: string;
    jwtExpiresInSeconds: number;
    loginRateLimit: number;
    loginRateWindowSeconds: number;
  };
  bootstrapAdmin: { email?: string; password?: string };
  publicRateLimit: number;
  /** Express `trust proxy`, from TRUST_PROXY. */
  trustProxy: TrustProxy;
  /** Whether responses carry Strict-Transport-Security (HSTS, default: NODE_ENV=production). */
  hsts: boolean;
  audit: { sealIntervalMs: number };
}

export interface DatabaseTimeouts {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

export class ConfigValidationError extends Error {}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(EnvironmentVariables, { ...source }, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map(
      (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    );
    throw new ConfigValidationError(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
    // The embedded mode makes its own owner and service roles; half a configuration is a mistake.
    throw new ConfigValidationError(
      'Invalid environment:\n  MIGRATION_DATABASE_URL needs DATABASE_URL (the service role) too',
    );
  }
  const dataDir = resolve(env.DATA_DIR);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    database: {
      url: env.DATABASE_URL,
      migrationUrl: env.MIGRATION_DATABASE_URL,
      dataDir,
      embeddedPort: env.EMBEDDED_PG_PORT,
      poolSize: env.DB_POOL_SIZE,
      timeouts: {
        statementMs: env.DB_STATEMENT_TIMEOUT_MS,
        lockMs: env.DB_LOCK_TIMEOUT_MS,
        idleInTransactionMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
    },
    http: {
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
      receiveTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
    },
    shutdown: { drainMs: env.SHUTDOWN_DRAIN_MS, timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
    auth: {
      jwtSecret: env.JWT_SECRET ?? devJwtSecret(env.NODE_ENV, dataDir),
      jwtExpiresInSeconds: env.JWT_EXPIRES_IN_SECONDS,
      loginRateLimit: env.LOGIN_RATE_LIMIT,
      loginRateWindowSeconds: env.LOGIN_RATE_WINDOW_SECONDS,
    },
    bootstrapAdmin: { email: env.BOOTSTRAP_ADMIN_EMAIL, password: env.BOOTSTRAP_ADMIN_PASSWORD },
    publicRateLimit: env.PUBLIC_RATE_LIMIT,
    trustProxy: parseTrustProxy(env.TRUST_PROXY) ?? [DEFAULT_TRUST_PROXY],
    hsts: env.HSTS === undefined ? env.NODE_ENV === 'production' : env.HSTS === 'true',
    audit: { sealIntervalMs: env.AUDIT_SEAL_INTERVAL_MS },
  };
}

// Production must be given a secret; elsewhere one is generated once and kept in DATA_DIR so tokens
// survive restarts.
function devJwtSecret(nodeEnv: string, dataDir: string): string {
  if (nodeEnv === 'production') {
    throw new ConfigValidationError(
      'Invalid environment:\n  JWT_SECRET is required when NODE_ENV=production',
    );
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    return readFileSync(file, 'utf8').trim();
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
