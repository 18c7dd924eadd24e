import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
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
        // Migrations run as the owner on a connection of their own; the pool is the service's.
        const separateOwner = urls.owner !== urls.service;
        if (separateOwner) {
          await migrateDatabase(urls.owner);
        }
        return {
          ...dataSourceOptions(urls.service, config.database.poolSize),
          autoLoadEntities: true,
          migrationsRun: !separateOwner,
          // The pool retrying forever would keep a misconfigured service from ever failing loudly.
          retryAttempts: 3,
          retryDelay: 1000,
        };
      },
    }),
  ],
  providers: [TransactionService, SqlService, DatabaseRoleCheckService],
  exports: [TransactionService, SqlService],
})
export class DatabaseModule {}
