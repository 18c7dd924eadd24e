import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { BoundTransactions } from 'src/database/bound-transactions';
import { dataSourceOptions } from 'src/database/data-source-options';
import { EmbeddedPostgresService } from 'src/database/embedded-postgres.service';
import { SqlService } from 'src/database/sql.service';
import { TransactionService } from 'src/database/transaction.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      extraProviders: [EmbeddedPostgresService],
      inject: [APP_CONFIG, EmbeddedPostgresService],
      useFactory: async (config: AppConfig, embedded: EmbeddedPostgresService) => ({
        ...dataSourceOptions(
          await embedded.resolveDatabaseUrl(),
          config.database.poolSize,
          config.database.timeouts,
        ),
        autoLoadEntities: true,
        migrationsRun: true,
        // The pool retrying forever would keep a misconfigured service from ever failing loudly.
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [TransactionService, SqlService, BoundTransactions],
  exports: [TransactionService, SqlService],
})
export class DatabaseModule {}
