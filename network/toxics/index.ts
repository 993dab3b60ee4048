// Importing a toxic registers it (each file's last line), as Toxiproxy's init() functions do.
import './latency.ts';
import './bandwidth.ts';
import './slow_close.ts';
import './timeout.ts';
import './reset_peer.ts';
import './slicer.ts';
import './limit_data.ts';

export { toxicType, toxicTypes } from './toxic.ts';
export type { Action, EndKind, Stage, StageContext, ToxicType } from './toxic.ts';
