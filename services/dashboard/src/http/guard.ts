import type { ServerResponse } from 'node:http';
import type { Logger } from '@faultline/shared/log';
import { sendJson } from '@faultline/shared/http';
import { allows, type Principal, type Role } from '@faultline/shared/state/api-token-record';
import type { AuditEntry } from '@faultline/shared/state/audit-log';

// Role checks and the audit trail of the dashboard's mutating routes: `gate` lets a request
// through when its principal has the role, else answers 403 and records the refusal; `audit`
// records what was done (who, what, on what, whether it worked). Audit writes are best-effort:
// an unrecorded entry is logged, never turned into a failed action.

/** A principal, or the anonymous visitor of a dashboard without credentials. */
export type Actor = Principal & { anonymous?: boolean };

export type AuditSink = (entry: Omit<AuditEntry, 'via'>) => Promise<void>;

export interface Guard {
  audit(who: Actor, action: string, ok: boolean, target?: string, detail?: string): Promise<void>;
  gate(
    res: ServerResponse,
    who: Actor,
    role: Role,
    action: string,
    target?: string,
  ): Promise<boolean>;
}

export function createGuard(options: { audit?: AuditSink | undefined; log: Logger }): Guard {
  const guard: Guard = {
    async audit(who, action, ok, target, detail) {
      await options
        .audit?.({
          who: who.user,
          role: who.role,
          ...(who.tokenId ? { tokenId: who.tokenId } : {}),
          action,
          ...(target ? { target: target.slice(0, 200) } : {}),
          ...(detail ? { detail: detail.slice(0, 500) } : {}),
          ok,
        })
        .catch((err: unknown) => options.log.warn({ err, action }, 'audit entry not recorded'));
    },
    async gate(res, who, role, action, target) {
      if (allows(who.role, role)) return true;
      await guard.audit(who, action, false, target, `refused: needs ${role}`);
      sendJson(res, 403, {
        error: who.anonymous
          ? 'writes need a dashboard token (dashboard.token), or dashboard.allowUnauthenticatedWrites: true'
          : `${action} needs the ${role} role (${who.user} is ${who.role})`,
      });
      return false;
    },
  };
  return guard;
}
