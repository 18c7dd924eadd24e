import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { BoundTransactions } from 'src/database/bound-transactions';
import { DatabaseRoleCheckService } from 'src/database/database-role-check.service';
import { dataSourceOptions } from 'src/database/data-source-options';
import { EmbeddedPostgresService } from 'src/database/embedded-postgres.service';
import { migrateDatabase } from 'src/database/migrate';
import { SqlService } from 'src/database/sql.service';
import { TransactionService } from 'src/database/transaction.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      extraProviders: [EmbeddedPostgresService],
      inject: [APP_CONFIG, EmbeddedPostgresService],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgresService) => {
        const urls = await embedded.resolveDatabaseUrls();
        // Migrations run as the owner on a connection of their own, without the service's
        // statement timeouts (an index build may take minutes); the pool is the service's.
        await withRetries(() => migrateDatabase(urls.owner));
        return {
          ...dataSourceOptions(urls.service, config.database.poolSize, config.database.timeouts),
          autoLoadEntities: true,
          migrationsRun: false,
          // The pool retrying forever would keep a misconfigured service from ever failing loudly.
          retryAttempts: 3,
          retryDelay: 1000,
        };
      },
    }),
  ],
  providers: [TransactionService, SqlService, BoundTransactions, DatabaseRoleCheckService],
  exports: [TransactionService, SqlService],
})
export class DatabaseModule {}

// A database that is still starting gets a few chances, as TypeORM's own connection retries give.
async function withRetries<T>(work: () => Promise<T>, attempts = 3, delayMs = 1000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
