import type { Cloud } from '../fake-cloud/index.ts';
import { errorResponse, notFound } from '../fake-cloud/errors.ts';
import { dispatch } from '../fake-cloud/routes/dispatch.ts';
import { matchRoute } from '../fake-cloud/routes/table.ts';
import type { FetchLike } from '../network/index.ts';

/** Where the in-process cloud answers: the real Library API origin, as code written against Google calls it. */
export const inProcessOrigin = 'https://photoslibrary.googleapis.com';

/**
 * The fake cloud called in-process through its route table, one request at a time in arrival order. Serialising
 * keeps the cloud's writes (and so its ids) in a deterministic order even when sharp's thread pool finishes work
 * at machine speed.
 */
export function inProcessCloud(cloud: Cloud, track: Track): FetchLike {
  let queue: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = queue.then(async () => {
      const match = matchRoute(request.method, new URL(request.url).pathname);
      // Every route answers from memory (bytes, strings, JSON), so its body is read in microtasks, before time can
      // move: unlike a socket's, it needs no copy while the call is counted (that copy cost 12% of a catalog run).
      return match ? await dispatch(cloud, match.route, request, match.params) : errorResponse(notFound('No such API.'));
    });
    queue = answer.catch(() => undefined);
    return track(answer);
  };
}

/** The cloud over real HTTP. */
export function httpCloud(track: Track): FetchLike {
  return (request) => track(fetch(request).then(buffered));
}

/**
 * Counts real asynchronous work (the cloud's sharp calls, sockets) so the world advances virtual time only when
 * none is running. Work that merely waits on a virtual timer is not counted: it is waiting for time to move.
 */
export type Track = <T>(work: Promise<T>) => Promise<T>;

/** Reads the whole body while the call is still counted, so nothing arrives after time has moved on. */
async function buffered(response: Response): Promise<Response> {
  const nullBody = [101, 204, 205, 304].includes(response.status);
  return new Response(nullBody ? null : await response.arrayBuffer(), { status: response.status, statusText: response.statusText, headers: response.headers });
}
