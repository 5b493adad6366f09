import type { User } from '../../core/types.ts';
import type {
  AuditEntry,
  AuditQuery,
  ClaimResult,
  ErasureReport,
  FloorEntry,
  NewUser,
  PresenceReport,
  PushResponse,
  PushResult,
  PushRow,
  ServerFunnel,
  ServerSales,
  ServerScriptStats,
  UserChange,
} from '../wire.ts';
import type { FunnelGroup } from '../../figures/funnel.ts';
import { ServerError } from './errors.ts';

/** An authorised JSON call to the server; `body` makes it a POST (or `method`). */
export type AuthorisedCall = <T>(path: string, body?: unknown, method?: string) => Promise<T>;

/** The server's calls besides replication: claims, presence and administration (the server checks roles). */
export class ServerApi {
  readonly #call: AuthorisedCall;

  constructor(call: AuthorisedCall) {
    this.#call = call;
  }

  /** Asks the server for the prospect; throws OfflineError when it cannot be asked. */
  claim(prospectId: string): Promise<ClaimResult> {
    return this.#call('/api/queue/claim', { prospectId });
  }

  /** What this workstation is doing, for the floor view. */
  reportPresence(report: PresenceReport): Promise<void> {
    return this.#call('/api/presence', report);
  }

  floor(): Promise<FloorEntry[]> {
    return this.#call('/api/floor');
  }

  /** The funnel of a period (ms, `to` excluded) from the server's stored figures (supervisors, admins). */
  funnel(by: FunnelGroup | 'all', from: number, to: number): Promise<ServerFunnel> {
    const query = new URLSearchParams({ by, from: String(from), to: String(to) });
    return this.#call(`/api/figures/funnel?${query.toString()}`);
  }

  /** The dashboard's SLA and pipeline inputs from the server's database (supervisors, admins). */
  sales(): Promise<ServerSales> {
    return this.#call('/api/figures/sales');
  }

  /** One script version's figures from the server's database (supervisors, admins). */
  scriptStats(scriptId: string, version: number): Promise<ServerScriptStats> {
    const query = new URLSearchParams({ scriptId, version: String(version) });
    return this.#call(`/api/figures/script?${query.toString()}`);
  }

  createUser(input: NewUser): Promise<User> {
    return this.#call('/api/admin/users', input);
  }

  setUserActive(userId: string, active: boolean): Promise<User> {
    return this.#call(`/api/admin/users/${encodeURIComponent(userId)}/active`, { active });
  }

  updateUser(userId: string, change: UserChange): Promise<User> {
    return this.#call(`/api/admin/users/${encodeURIComponent(userId)}`, change, 'PATCH');
  }

  resetPassword(userId: string, password: string): Promise<void> {
    return this.#call(`/api/admin/users/${encodeURIComponent(userId)}/password`, { password });
  }

  audit(query: AuditQuery): Promise<AuditEntry[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value));
    return this.#call(`/api/admin/audit?${params.toString()}`);
  }

  eraseProspect(prospectId: string): Promise<ErasureReport> {
    return this.#call(`/api/admin/erase/prospects/${encodeURIComponent(prospectId)}`, {});
  }
}

/**
 * Pushes rows so that one the server refuses for good (403, 422) cannot hold back the others: a
 * refused batch is retried row by row, and the refused rows come back with the server's reason.
 * Network errors and 5xx are thrown as they are, to be retried later.
 */
export async function pushOrRefuse(
  push: (rows: PushRow[]) => Promise<PushResponse>,
  rows: PushRow[],
): Promise<PushResult> {
  try {
    return { conflicts: await push(rows), refused: [] };
  } catch (error) {
    if (!(error instanceof ServerError) || (error.status !== 403 && error.status !== 422)) throw error;
    if (rows.length === 1) {
      const id = String((rows[0]?.newDocumentState as { id?: unknown } | undefined)?.id ?? '');
      const field = error.field ? { field: error.field } : {};
      return { conflicts: [], refused: [{ id, code: error.code, message: error.message, ...field }] };
    }
    const result: PushResult = { conflicts: [], refused: [] };
    for (const row of rows) {
      const one = await pushOrRefuse(push, [row]);
      result.conflicts.push(...one.conflicts);
      result.refused.push(...one.refused);
    }
    return result;
  }
}
