import type { Cloud } from '../cloud.ts';
import { rfc3339 } from '../json.ts';

/** One call as the cloud saw it: the cloud half of a scenario's history. */
export interface AuditEntry {
  seq: number;
  time: string;
  timeMs: number;
  account: string | null;
  clientId: string | null;
  route: string;
  method: string;
  path: string;
  status: number;
  itemIds: string[];
  fault: string | null;
}

export function recordAudit(cloud: Cloud, entry: Omit<AuditEntry, 'seq' | 'time' | 'timeMs'>, at = cloud.now()): void {
  cloud.sql(`INSERT INTO audit (time, email, client_id, route, method, path, status, item_ids, fault) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(at, entry.account, entry.clientId, entry.route, entry.method, entry.path, entry.status, JSON.stringify(entry.itemIds), entry.fault);
}

interface AuditRow {
  seq: number;
  time: number;
  email: string | null;
  client_id: string | null;
  route: string;
  method: string;
  path: string;
  status: number;
  item_ids: string;
  fault: string | null;
}

export function readAudit(cloud: Cloud, afterSeq: number, limit: number): AuditEntry[] {
  const rows = cloud.sql(`SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`).all(afterSeq, limit) as AuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    time: rfc3339(r.time),
    timeMs: r.time,
    account: r.email,
    clientId: r.client_id,
    route: r.route,
    method: r.method,
    path: r.path,
    status: r.status,
    itemIds: JSON.parse(r.item_ids) as string[],
    fault: r.fault,
  }));
}
