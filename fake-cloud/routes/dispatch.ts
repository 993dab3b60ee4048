import { sleep } from '../../runtime/clock.ts';
import type { Cloud } from '../cloud.ts';
import { ApiError, errorResponse, StoreFault } from '../errors.ts';
import { authenticate, type Caller } from '../model/accounts.ts';
import { recordAudit } from '../model/audit.ts';
import { noteFailure, noteWrite } from '../model/store-health.ts';
import type { Fault } from '../model/faults.ts';
import { trimFeed } from '../model/feed.ts';
import { purgeExpiredTrash } from '../model/media.ts';
import type { Route } from './route.ts';

/** Housekeeping that time drives: due trash purges and feed trimming, run before every call (no timers needed). */
export function sweep(cloud: Cloud): void {
  cloud.transaction(() => {
    purgeExpiredTrash(cloud);
    trimFeed(cloud);
  });
}

const quietRoutes = new Set(['admin.audit', 'admin.health']);

/**
 * Everything around a route: housekeeping, authentication and scopes, fault points, error mapping and the audit
 * log. Routes wrap their writes in `cloud.transaction`, so a call that fails changes nothing.
 */
export async function dispatch(cloud: Cloud, route: Route, request: Request, params: Readonly<Record<string, string>>): Promise<Response> {
  const url = new URL(request.url);
  // Even the housekeeping writes (a due purge), and an audit row is a write: a page of the web view does neither.
  if (route.readOnly) return route.handle({ cloud, request, url, params, caller: undefined, touch: () => undefined });
  const touched = new Set<string>();
  let caller: Caller | undefined;
  let faultNote: string | null = null;
  let response: Response;
  try {
    sweep(cloud);
    if (route.scopes) {
      caller = authenticate(cloud, request.headers.get('authorization'));
      const granted = caller.scopes;
      if (!route.scopes.some((s) => granted.has(s))) throw new ApiError(403, 'Request had insufficient authentication scopes.');
    }
    const fault = cloud.faults.draw(cloud, request.method, url.pathname, caller);
    if (fault) faultNote = describeFault(fault);
    if (fault?.latencyMs) await sleep(cloud.clock, fault.latencyMs);
    if (fault?.status && !fault.commitThenFail) throw new ApiError(fault.status as 503, `Injected fault (${fault.id}): the service answered ${fault.status}.`);
    response = await route.handle({ cloud, request, url, params, caller, touch: (...ids) => ids.forEach((id) => touched.add(id)) });
    if (fault?.commitThenFail) {
      response = errorResponse(new ApiError((fault.status ?? 503) as 503, 'The service is currently unavailable.'));
    }
  } catch (error) {
    if (error instanceof StoreFault) console.error(`fake-cloud: ${route.name} answered 500: ${error.detail}`);
    response = error instanceof ApiError ? errorResponse(error) : internalError(cloud, route, error);
  }
  if (!quietRoutes.has(route.name)) {
    recordAudit(cloud, {
      account: caller?.email ?? null,
      clientId: caller?.clientId ?? null,
      route: route.name,
      method: request.method,
      path: url.pathname,
      status: response.status,
      itemIds: [...touched],
      fault: faultNote,
    });
    noteWrite(cloud);
  }
  return response;
}

function describeFault(fault: Fault): string {
  const effect = fault.commitThenFail ? 'commit-then-fail' : fault.status ? `status ${fault.status}` : 'latency';
  return `${fault.id}: ${effect}${fault.latencyMs ? ` +${fault.latencyMs}ms` : ''}`;
}

function internalError(cloud: Cloud, route: Route, error: unknown): Response {
  noteFailure(cloud, error);
  console.error(`fake-cloud: ${route.name} failed:`, error);
  return errorResponse(new ApiError(500, 'Internal error encountered.'));
}
