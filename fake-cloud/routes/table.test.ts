import { matchRequestUrl } from 'msw';
import { describe, expect, it } from 'vitest';
import { matchRoute, routes } from './table.ts';

/** A path each route answers, its parameters filled with values that need percent-decoding. */
function samplePath(path: string, value: string): string {
  return path
    .replace(/^\*/, '')
    .split('\\:') // a literal colon, as in `:batchGet`
    .map((part) => part.replace(/:[A-Za-z_]\w*/g, value))
    .join(':');
}

const origin = 'http://127.0.0.1:8787';

/**
 * What msw's handlers would do with the call: the first route in table order whose method and path match. The
 * leading star stands for the origin: msw's star would also take any leading path segments (its photo page
 * route would answer `/lr/photo/1`), which the cloud never meant.
 */
function mswChoice(method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const { matches, params } = matchRequestUrl(new URL(`${origin}${path}`), route.path.replace(/^\*/, origin));
    if (matches) return { route, params: Object.fromEntries(Object.entries(params ?? {}).filter(([k]) => k !== '0')) };
  }
  return undefined;
}

describe('the route table, matched without msw', () => {
  for (const value of ['AB12_cd-3', 'a%20b%2Fc', 'user%40example.com']) {
    it(`takes the route msw would take, with the same decoded parameters (a parameter "${value}")`, () => {
      for (const route of routes) {
        const path = samplePath(route.path, value);
        const ours = matchRoute(route.method, path);
        const msw = mswChoice(route.method, path);
        expect({ route: ours?.route.name, params: ours?.params }, `${route.method} ${path}`).toEqual({ route: msw?.route.name, params: msw?.params });
        expect(ours?.route.name, `${route.method} ${path}`).toBeDefined();
      }
    });
  }

  it('finds nothing for a path no route has, a method a path does not take, or a parameter that is not percent-encoding', () => {
    expect(matchRoute('GET', '/v1/nothing-here')).toBeUndefined();
    expect(matchRoute('DELETE', '/v1/mediaItems:batchCreate')).toBeUndefined();
    expect(matchRoute('GET', '/v1/mediaItems/%E0%A4%A')).toBeUndefined();
  });
});
