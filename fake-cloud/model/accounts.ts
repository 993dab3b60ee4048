import type { Cloud } from '../cloud.ts';
import { alphabets, defaults } from '../cloud.ts';
import { ApiError, notFound } from '../errors.ts';
import { allScopes, type Scope } from '../scopes.ts';

/** Who is calling: an OAuth client (an "app", e.g. one phone's gallery) acting for one account. */
export interface Caller {
  email: string;
  clientId: string;
  appName: string;
  scopes: ReadonlySet<string>;
}

export interface AppCredentials {
  email: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  scopes: string[];
}

interface AppRow {
  client_id: string;
  client_secret: string;
  email: string;
  name: string;
  scopes: string;
  refresh_token: string;
  revoked_at: number | null;
}

export function createAccount(cloud: Cloud, email: string, quotaBytes = cloud.defaultQuotaBytes): void {
  const exists = cloud.sql(`SELECT 1 FROM accounts WHERE email = ?`).get(email);
  if (exists) throw new ApiError(409, `Account ${email} already exists.`);
  cloud.sql(`INSERT INTO accounts (email, quota_bytes, created_at) VALUES (?, ?, ?)`).run(email, quotaBytes, cloud.now());
}

export function requireAccount(cloud: Cloud, email: string): { email: string; quotaBytes: number } {
  const row = cloud.sql(`SELECT email, quota_bytes FROM accounts WHERE email = ?`).get(email) as { email: string; quota_bytes: number } | undefined;
  if (!row) throw notFound(`No account ${email}.`);
  return { email: row.email, quotaBytes: row.quota_bytes };
}

export function setQuota(cloud: Cloud, email: string, quotaBytes: number): void {
  requireAccount(cloud, email);
  cloud.sql(`UPDATE accounts SET quota_bytes = ? WHERE email = ?`).run(quotaBytes, email);
}

/** Registers an OAuth client for an account, already consented: the answer is what a test needs to get tokens. */
export function createApp(cloud: Cloud, email: string, name: string, grantedScopes: readonly Scope[] = allScopes): AppCredentials {
  requireAccount(cloud, email);
  const clientId = `${cloud.mint('', 12, alphabets.digits)}-${cloud.mint('', 32, alphabets.lowerAlnum)}.apps.googleusercontent.com`;
  const credentials: AppCredentials = {
    email,
    clientId,
    clientSecret: cloud.mintCredential('GOCSPX-', 28),
    refreshToken: cloud.mintCredential('1//0', 100),
    scopes: [...grantedScopes],
  };
  cloud.sql(`INSERT INTO apps (client_id, client_secret, email, name, scopes, refresh_token, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(clientId, credentials.clientSecret, email, name, credentials.scopes.join(' '), credentials.refreshToken, cloud.now());
  return credentials;
}

export type TokenGrant =
  | { ok: true; accessToken: string; expiresIn: number; scope: string }
  | { ok: false; status: 400 | 401; error: string; description: string };

/** Google's token endpoint, grant_type=refresh_token (the route has checked that every parameter is there). */
export function refreshAccessToken(cloud: Cloud, clientId: string, clientSecret: string, refreshToken: string): TokenGrant {
  const app = cloud.sql(`SELECT * FROM apps WHERE client_id = ?`).get(clientId) as AppRow | undefined;
  if (!app) return { ok: false, status: 401, error: 'invalid_client', description: 'The OAuth client was not found.' };
  if (clientSecret !== app.client_secret) return { ok: false, status: 401, error: 'invalid_client', description: 'Unauthorized' };
  if (app.refresh_token !== refreshToken || app.revoked_at !== null) {
    return { ok: false, status: 400, error: 'invalid_grant', description: 'Token has been expired or revoked.' };
  }
  const accessToken = cloud.mintCredential('ya29.a0', 120);
  const expiresAt = cloud.now() + defaults.accessTokenLifetimeMs;
  cloud.sql(`INSERT INTO access_tokens (token, client_id, expires_at) VALUES (?, ?, ?)`).run(accessToken, clientId, expiresAt);
  return { ok: true, accessToken, expiresIn: defaults.accessTokenLifetimeMs / 1000, scope: app.scopes };
}

const missingCredential =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.';
const invalidCredential =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.';

/** RFC 6750's challenge, as Google's APIs send it with a 401. */
const bearerChallenge = 'Bearer realm="https://accounts.google.com/"';

/** Resolves `Authorization: Bearer …` to a caller, or throws 401 as Google does (with its WWW-Authenticate). */
export function authenticate(cloud: Cloud, authorization: string | null): Caller {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  if (!match) throw new ApiError(401, missingCredential, undefined, undefined, { 'WWW-Authenticate': bearerChallenge });
  const row = cloud.sql(
      `SELECT a.email, a.client_id, a.name, a.scopes, a.revoked_at, t.expires_at
       FROM access_tokens t JOIN apps a ON a.client_id = t.client_id WHERE t.token = ?`,
    )
    .get(match[1]) as { email: string; client_id: string; name: string; scopes: string; revoked_at: number | null; expires_at: number } | undefined;
  if (!row || row.revoked_at !== null || row.expires_at <= cloud.now()) throw new ApiError(401, invalidCredential, undefined, undefined, { 'WWW-Authenticate': `${bearerChallenge}, error="invalid_token"` });
  return { email: row.email, clientId: row.client_id, appName: row.name, scopes: new Set(row.scopes.split(' ')) };
}

/**
 * "Apps & devices → remove access": every token of that app stops working at once. Its items stay in the library.
 * `token` may be the app's refresh token or any of its access tokens (Google's /revoke takes either).
 */
export function revokeApp(cloud: Cloud, by: { clientId: string } | { token: string }): string | undefined {
  const clientId =
    'clientId' in by
      ? by.clientId
      : ((cloud.sqlValue(`SELECT client_id FROM apps WHERE refresh_token = ?`).get(by.token) as string | undefined) ??
        (cloud.sqlValue(`SELECT client_id FROM access_tokens WHERE token = ?`).get(by.token) as string | undefined));
  if (!clientId) return undefined;
  const changed = cloud.sql(`UPDATE apps SET revoked_at = COALESCE(revoked_at, ?) WHERE client_id = ?`).run(cloud.now(), clientId).changes;
  cloud.sql(`DELETE FROM access_tokens WHERE client_id = ?`).run(clientId);
  return changed ? clientId : undefined;
}

export function listApps(cloud: Cloud, email: string) {
  const rows = cloud.sql(`SELECT client_id, name, scopes, revoked_at FROM apps WHERE email = ? ORDER BY created_at, client_id`).all(email) as AppRow[];
  return rows.map((r) => ({ clientId: r.client_id, name: r.name, scopes: r.scopes.split(' '), revoked: r.revoked_at !== null }));
}
