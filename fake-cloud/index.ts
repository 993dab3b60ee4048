/** The mock Photos cloud: build one, mount its msw handlers in-process, or serve it over HTTP. */
export { Cloud, defaults, storedClockOffset, type CloudOptions } from './cloud.ts';
export { cloudHandlers, routes } from './handlers.ts';
export { startCloudServer, type CloudServer } from './http-server.ts';
export { storeDamage, type StoreDamage } from './store/store-check.ts';
export { scopes, allScopes, type Scope } from './scopes.ts';
export { ApiError } from './errors.ts';
export type { AuditEntry } from './model/audit.ts';
export type { FaultSpec } from './model/faults.ts';
export type { ChangeKind } from './model/feed.ts';
