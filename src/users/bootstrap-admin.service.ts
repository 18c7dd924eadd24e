import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { StaffRole } from 'src/auth/actor';
import { AppConfig } from 'src/config/app-config';
import { APP_CONFIG } from 'src/config/config.module';
import { TransactionService } from 'src/database/transaction.service';
import { PasswordHasher } from 'src/users/password-hasher';
import { PasswordPolicy } from 'src/users/password-policy';
import { UsersRepository } from 'src/users/users.repository';

const DEFAULT_ADMIN_EMAIL = 'admin@ketamine-clinic.local';
const ADMIN_NAME = 'Administrator';
const BOOTSTRAP_MARK = '*** BOOTSTRAP ADMIN ***';

/** On first start (no users at all) creates the admin, so a fresh install can be logged into. */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly passwords: PasswordPolicy,
    private readonly tx: TransactionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = (this.config.bootstrapAdmin.email ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
    const given = this.config.bootstrapAdmin.password;
    const password = given ?? randomBytes(18).toString('base64url');
    // Judged like any password an admin sets, but only when it is about to be used: a weak value
    // left in the environment of an install that has users already stops nothing.
    const weakness = given ? this.passwords.verdict(given, { email, names: [ADMIN_NAME] }) : null;
    const passwordHash = await this.hasher.hash(password);
    const created = await this.tx.run(async (manager) => {
      // Two instances starting together must not both create an admin.
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('bootstrap-admin'))");
      if ((await this.users.count(manager)) > 0) {
        return false;
      }
      if (weakness) {
        throw new Error(`Invalid environment:\n  BOOTSTRAP_ADMIN_PASSWORD: ${weakness.message}`);
      }
      await this.users.insert(manager, {
        email,
        fullName: ADMIN_NAME,
        role: StaffRole.ADMIN,
        passwordHash,
      });
      return true;
    });
    if (!created) {
      return;
    }
    if (given) {
      this.logger.log(`created the first admin ${email} with BOOTSTRAP_ADMIN_PASSWORD`);
    } else {
      // Shown once, never stored in clear: the operator must note it now. Straight to stderr, not
      // through the logger, so LOG_LEVEL=error or silent cannot hide it (and it is in no log line).
      process.stderr.write(
        `${BOOTSTRAP_MARK} created the first admin ${email} with the generated password: ${password} (shown once: log in and change it)\n`,
      );
      this.logger.warn(`created the first admin ${email} with a generated password (see stderr)`);
    }
  }
}
