import type { Request } from 'express';

/**
 * A known account whose credentials were refused (a wrong password, a deactivated account, a
 * revoked token): the 401 is audited against it. Unknown emails and forged tokens name nobody.
 */
export interface RefusedAccount {
  userId: string;
  role: string;
  clinicIds: string[];
  reason: 'wrong_password' | 'inactive' | 'token_revoked';
}

const REFUSED_ACCOUNT = Symbol('refusedAccount');

type WithRefusedAccount = Request & { [REFUSED_ACCOUNT]?: RefusedAccount };

/** Set by the strategies before they answer 401, for the refusal's audit event. */
export function markRefusedAccount(request: Request, account: RefusedAccount): void {
  (request as WithRefusedAccount)[REFUSED_ACCOUNT] = account;
}

export function refusedAccountOf(request: Request): RefusedAccount | undefined {
  return (request as WithRefusedAccount)[REFUSED_ACCOUNT];
}

export type RefusalStatus = 401 | 403 | 404;

/**
 * Audits refused access (issue 11): implemented by the audit module, called by the problem filter
 * before it answers, so the filter itself stays free of the audit module.
 */
export interface RefusalRecorder {
  record(request: Request, status: RefusalStatus, code: string): Promise<void>;
}

export const REFUSAL_RECORDER = Symbol('RefusalRecorder');
