// The audit trail as the administration reads it: every event, or those by or
// about one account, or of one action; newest first, by keyset cursor. Admins only
// (roles.ts: the trail shows addresses, IPs and who did what).

import type { CoreDeps } from './deps.js';
import type { AuditEvent, User } from './model.js';
import { assertPageLimit, decodePageCursor, pageOf } from './page-cursor.js';
import { assertMayReadAuditTrail } from './admin-tool-rules.js';

export const AUDIT_PAGE = { defaultLimit: 50, maxLimit: 200 } as const;

export interface AuditTrailRequest {
  userId?: number;
  action?: string;
  cursor?: string;
  limit?: number;
}

export interface AuditPage {
  items: AuditEvent[];
  nextCursor: string | null;
}

export class AuditTrail {
  constructor(private readonly deps: CoreDeps) {}

  async list(actor: User, request: AuditTrailRequest): Promise<AuditPage> {
    assertMayReadAuditTrail(actor);
    const limit = request.limit ?? AUDIT_PAGE.defaultLimit;
    assertPageLimit(limit, AUDIT_PAGE.maxLimit);
    const beforeId = request.cursor === undefined ? undefined : decodePageCursor('audit', request.cursor);
    const action = request.action?.trim();
    const rows = await this.deps.store.audit.list({
      userId: request.userId,
      action: action ? action : undefined,
      beforeId,
      limit: limit + 1,
    });
    return pageOf('audit', rows, limit);
  }
}
