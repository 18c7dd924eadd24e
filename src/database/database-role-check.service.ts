import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  excessPrivileges,
  SERVICE_PRIVILEGE_PROBE,
  SERVICE_ROLE,
  ServicePrivilegeRow,
} from 'src/database/database-roles';

/**
 * Says at start which role serves the requests, and warns when that role could alter the schema
 * or the audit trail (a superuser or the owner in DATABASE_URL, with no MIGRATION_DATABASE_URL):
 * the service still runs, as it always did, but nobody mistakes it for least privilege.
 */
@Injectable()
export class DatabaseRoleCheckService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatabaseRoleCheckService.name);

  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const rows: ServicePrivilegeRow[] = await this.dataSource.query(SERVICE_PRIVILEGE_PROBE);
    const row = rows[0];
    if (!row) {
      return;
    }
    const excess = excessPrivileges(row);
    if (excess.length === 0) {
      this.logger.log(`serving as database role "${row.role}" (DML only)`);
      return;
    }
    this.logger.warn(
      `the service runs PRIVILEGED: its database role "${row.role}" ${excess.join(', ')}, so ` +
        'its own credentials could alter or untrigger the audit trail. Point DATABASE_URL at a ' +
        `member of ${SERVICE_ROLE} and MIGRATION_DATABASE_URL at the schema owner ` +
        '(README "Database roles")',
    );
  }
}
