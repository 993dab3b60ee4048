import { refreshAccessToken, revokeApp } from '../model/accounts.ts';
import { openRoute, json, type Route, type RouteContext } from './route.ts';

/**
 * Google's OAuth endpoints as clients call them (form-encoded, errors in OAuth's own `{"error","error_description"}`
 * shape rather than google.rpc.Status — that is what real clients parse here).
 */
export const oauthRoutes: Route[] = [openRoute('oauth.token', 'POST', '*/token', token), openRoute('oauth.revoke', 'POST', '*/revoke', revoke)];

const oauthError = (status: number, error: string, description: string) => json({ error, error_description: description }, status);

async function formOf(c: RouteContext): Promise<URLSearchParams> {
  const type = c.request.headers.get('content-type') ?? '';
  const text = await c.request.text();
  if (type.includes('application/json')) {
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

async function token(c: RouteContext): Promise<Response> {
  const form = await formOf(c);
  const grant = form.get('grant_type');
  if (!grant) return oauthError(400, 'invalid_request', 'Missing required parameter: grant_type');
  if (grant !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant}`);
  const clientId = form.get('client_id');
  const refreshToken = form.get('refresh_token');
  const clientSecret = form.get('client_secret');
  if (!clientId) return oauthError(400, 'invalid_request', 'Missing required parameter: client_id');
  // Google's answer to a confidential client that leaves its secret out (e.g. googleapis/google-api-nodejs-client#1582).
  if (!clientSecret) return oauthError(400, 'invalid_request', 'client_secret is missing.');
  if (!refreshToken) return oauthError(400, 'invalid_request', 'Missing required parameter: refresh_token');
  const grantResult = c.cloud.transaction(() => refreshAccessToken(c.cloud, clientId, clientSecret, refreshToken));
  if (!grantResult.ok) return oauthError(grantResult.status, grantResult.error, grantResult.description);
  return json({ access_token: grantResult.accessToken, expires_in: grantResult.expiresIn, scope: grantResult.scope, token_type: 'Bearer' });
}

async function revoke(c: RouteContext): Promise<Response> {
  const value = c.url.searchParams.get('token') ?? (await formOf(c)).get('token');
  if (!value) return oauthError(400, 'invalid_request', 'Missing required parameter: token');
  const revoked = c.cloud.transaction(() => revokeApp(c.cloud, { token: value }));
  return revoked ? json({}) : oauthError(400, 'invalid_token', 'Token expired or revoked');
}
