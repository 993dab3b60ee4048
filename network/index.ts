// The network/ surface other folders use.
export { startFaultServer, DEFAULT_API_PORT, type FaultServer, type FaultServerOptions } from './api/server.ts';
export { getFaultProxy, type FaultProxy, type FaultProxyOptions } from './connect.ts';
export { EventLog, type NetworkEvent, type EventListener } from './events.ts';
export { InProcessFaults, type FetchLike, type InProcessFaultsOptions } from './inprocess/faults.ts';
export { NetworkFault } from './inprocess/errors.ts';
export { advanceBy, flushMicrotasks } from './inprocess/virtual-time.ts';
export { faults, type ToxicBody } from './vocabulary.ts';
export { ApiError, ERRORS } from './errors.ts';
export { toxicTypes } from './toxics/index.ts';
