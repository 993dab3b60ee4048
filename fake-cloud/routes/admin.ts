import { z } from 'zod';
import { ApiError, invalidArgument, notFound } from '../errors.ts';
import { rfc3339 } from '../json.ts';
import { createAccount, createApp, requireAccount, revokeApp, setQuota } from '../model/accounts.ts';
import { readAudit } from '../model/audit.ts';
import { contentIsReferenced, storedBytes } from '../model/content.ts';
import { latestChange } from '../model/feed.ts';
import { faultSpec } from '../model/faults.ts';
import { quotaUsage } from '../model/quota.ts';
import { storeProblemsOf } from '../model/store-health.ts';
import { exportState, importState, resetState, snapshot } from '../model/state.ts';
import { allScopes, isScope, type Scope } from '../scopes.ts';
import { sweep } from './dispatch.ts';
import { json, openRoute, readJson, type Route, type RouteContext } from './route.ts';

/** The harness's control API (not Google's): accounts, state, reset, clock, faults, audit, export/import. */
export const adminRoutes: Route[] = [
  openRoute('admin.health', 'GET', '*/__admin/health', health),
  openRoute('admin.accounts.create', 'POST', '*/__admin/accounts', createAccountRoute),
  openRoute('admin.apps.create', 'POST', '*/__admin/accounts/:email/apps', createAppRoute),
  openRoute('admin.accounts.patch', 'PATCH', '*/__admin/accounts/:email', patchAccount),
  openRoute('admin.revoke', 'POST', '*/__admin/revoke', revoke),
  openRoute('admin.state', 'GET', '*/__admin/state', (c) => json(snapshot(c.cloud, c.url.searchParams.get('account') ?? undefined))),
  openRoute('admin.reset', 'POST', '*/__admin/reset', (c) => (resetState(c.cloud), json({}))),
  openRoute('admin.clock.get', 'GET', '*/__admin/clock', (c) => json(clockJson(c))),
  openRoute('admin.clock.advance', 'POST', '*/__admin/clock', advanceClock),
  openRoute('admin.faults.list', 'GET', '*/__admin/faults', (c) => json({ faults: c.cloud.faults.list() })),
  openRoute('admin.faults.add', 'POST', '*/__admin/faults', addFault),
  openRoute('admin.faults.clear', 'DELETE', '*/__admin/faults', (c) => (c.cloud.faults.clear(), json({}))),
  openRoute('admin.faults.remove', 'DELETE', '*/__admin/faults/:id', removeFault),
  openRoute('admin.audit', 'GET', '*/__admin/audit', audit),
  openRoute('admin.blob', 'GET', '*/__admin/blobs/:sha256', blob),
  openRoute('admin.changes', 'GET', '*/__admin/changes', waitForChange),
  openRoute('admin.export', 'POST', '*/__admin/export', async (c) => json(exportState(c.cloud, (await readJson(c.request, dirBody)).dir))),
  openRoute('admin.import', 'POST', '*/__admin/import', async (c) => json(importState(c.cloud, (await readJson(c.request, dirBody)).dir))),
];

const dirBody = z.object({ dir: z.string().min(1) });
const scopeList = z
  .array(z.string().refine(isScope, { message: `a scope must be one of ${allScopes.join(', ')}` }))
  .min(1)
  .optional();

/** The stored bytes of a content, by its SHA-256: how an end-to-end oracle tells a damaged copy from an edit. */
function blob(c: RouteContext): Response {
  const sha256 = String(c.params.sha256);
  // Only a hash can be stored (the disk store throws on any other key, which would be a 500): anything else is not found.
  const known = /^[0-9a-f]{64}$/.test(sha256) && (c.cloud.blobs.has(sha256) || contentIsReferenced(c.cloud, sha256));
  if (!known) throw notFound(`No content with SHA-256 ${sha256}.`);
  // Checked against its hash: the oracle compares phones with this copy, so a damaged one must never pass for the content.
  return new Response(new Uint8Array(storedBytes(c.cloud, sha256)), { headers: { 'content-type': 'application/octet-stream' } });
}

const changesQuery = z.object({ account: z.string().email(), after: z.coerce.number().int().min(0).default(0), waitMs: z.coerce.number().int().min(0).max(600_000).default(25_000) });

/**
 * A long poll standing in for FCM: answers `{seq}` as soon as the account has a change after `after`, or when
 * `waitMs` of cloud time passed. Simulated phones in other processes use it to learn that the cloud changed.
 */
async function waitForChange(c: RouteContext): Promise<Response> {
  const query = changesQuery.safeParse(Object.fromEntries(c.url.searchParams));
  if (!query.success) throw invalidArgument(`Invalid query: ${query.error.issues[0]?.path.join('.')}: ${query.error.issues[0]?.message}`);
  const { account, after, waitMs } = query.data;
  requireAccount(c.cloud, account);
  if (latestChange(c.cloud, account) <= after) await c.cloud.changes.next(account, c.cloud.clock, waitMs);
  if (c.cloud.changes.closed) throw new ApiError(503, 'The cloud is shutting down.');
  return json({ seq: latestChange(c.cloud, account) });
}

function health(c: RouteContext): Response {
  const { dataDir, exportsDir } = c.cloud;
  const { damage, full } = storeProblemsOf(c.cloud);
  if (damage) throw new ApiError(500, `The cloud's database is damaged (${damage}): calls that touch it fail. Stop the cloud; a restart checks the store and names the file.`);
  if (full) throw new ApiError(503, `The cloud cannot write its store (${full}): calls fail until there is room.`);
  return json({ status: 'ok', storage: dataDir ? 'sqlite' : 'memory', ...(dataDir ? { dataDir } : {}), ...(exportsDir ? { exportsDir } : {}), time: rfc3339(c.cloud.now()) });
}

const accountBody = z.object({
  email: z.string().email(),
  quotaBytes: z.number().int().min(0).optional(),
  appName: z.string().min(1).max(200).default('gallery'),
  scopes: scopeList,
});

async function createAccountRoute(c: RouteContext): Promise<Response> {
  const body = await readJson(c.request, accountBody);
  const credentials = c.cloud.transaction(() => {
    createAccount(c.cloud, body.email, body.quotaBytes);
    return createApp(c.cloud, body.email, body.appName, body.scopes as Scope[] | undefined);
  });
  return json(credentials, 201);
}

async function createAppRoute(c: RouteContext): Promise<Response> {
  const body = await readJson(c.request, z.object({ name: z.string().min(1).max(200), scopes: scopeList }));
  const email = c.params.email ?? '';
  return json(c.cloud.transaction(() => createApp(c.cloud, email, body.name, body.scopes as Scope[] | undefined)), 201);
}

async function patchAccount(c: RouteContext): Promise<Response> {
  const body = await readJson(c.request, z.object({ quotaBytes: z.number().int().min(0) }));
  const email = c.params.email ?? '';
  c.cloud.transaction(() => setQuota(c.cloud, email, body.quotaBytes));
  return json({ email: requireAccount(c.cloud, email).email, quota: quotaUsage(c.cloud, email) });
}

async function revoke(c: RouteContext): Promise<Response> {
  const body = await readJson(c.request, z.object({ clientId: z.string().min(1) }));
  const revoked = c.cloud.transaction(() => revokeApp(c.cloud, { clientId: body.clientId }));
  if (!revoked) throw notFound(`No app with client id ${body.clientId}.`);
  return json({ revoked });
}

function clockJson(c: RouteContext) {
  return { now: rfc3339(c.cloud.now()), nowMs: c.cloud.now() };
}

async function advanceClock(c: RouteContext): Promise<Response> {
  const body = await readJson(c.request, z.object({ advanceMs: z.number().int().min(0).max(100 * 365 * 86_400_000) }));
  c.cloud.advanceClock(body.advanceMs);
  sweep(c.cloud);
  return json(clockJson(c));
}

async function addFault(c: RouteContext): Promise<Response> {
  const spec = await readJson(c.request, faultSpec);
  return json(c.cloud.faults.add(spec), 201);
}

function removeFault(c: RouteContext): Response {
  if (!c.cloud.faults.remove(c.params.id ?? '')) throw notFound(`No fault ${c.params.id ?? ''}.`);
  return json({});
}

function audit(c: RouteContext): Response {
  const after = Number(c.url.searchParams.get('after') ?? '0');
  const limit = Number(c.url.searchParams.get('limit') ?? '1000');
  if (!Number.isInteger(after) || after < 0 || !Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw invalidArgument('after must be a whole number ≥ 0 and limit between 1 and 10000.');
  }
  const entries = readAudit(c.cloud, after, limit);
  return json({ entries, ...(entries.length ? { next: entries.at(-1)?.seq } : {}) });
}
