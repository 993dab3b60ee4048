/**
 * The mock Photos cloud: build one, or serve it over HTTP. Its msw handlers are in `handlers.ts`, apart: msw and
 * graphql are 250 modules that a command serving or simulating the cloud never needs (0.15 s at every start).
 */
export { Cloud, defaults, storedClockOffset, type CloudOptions } from './cloud.ts';
export { startCloudServer, type CloudServer } from './http-server.ts';
export { storeDamage, type StoreDamage } from './store/store-check.ts';
export { scopes, allScopes, type Scope } from './scopes.ts';
export { ApiError } from './errors.ts';
export type { AuditEntry } from './model/audit.ts';
export type { FaultSpec } from './model/faults.ts';
export type { ChangeKind } from './model/feed.ts';
