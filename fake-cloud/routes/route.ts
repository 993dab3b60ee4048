import type { z } from 'zod';
import type { Cloud } from '../cloud.ts';
import { invalidArgument } from '../errors.ts';
import type { Caller } from '../model/accounts.ts';
import type { Scope } from '../scopes.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteContext {
  cloud: Cloud;
  request: Request;
  url: URL;
  params: Readonly<Record<string, string>>;
  /** Set for routes that need a token; undefined for open routes (OAuth, downloads, admin). */
  caller: Caller | undefined;
  /** Notes item ids this call affected, for the audit log. */
  touch(...itemIds: string[]): void;
}

export interface AuthedContext extends RouteContext {
  caller: Caller;
}

/** One row of a route table: a name for the audit log, the msw path, who may call it, and what it does. */
export interface Route {
  name: string;
  method: Method;
  /** msw path; `*` first so any origin matches (the real Google host in-process, ours over HTTP). */
  path: string;
  /** Any one of these scopes grants access; undefined = open route. */
  scopes?: readonly Scope[];
  /** A page of the web view: looking changes nothing, so no housekeeping, fault draws or audit around it. */
  readOnly?: true;
  handle(context: RouteContext): Response | Promise<Response>;
}

export function apiRoute(name: string, method: Method, path: string, scopes: readonly Scope[], handle: (c: AuthedContext) => Response | Promise<Response>): Route {
  return { name, method, path, scopes, handle: (c) => handle(c as AuthedContext) };
}

/** A GET that only reads (the web view): see {@link Route.readOnly}. */
export function readOnlyRoute(name: string, path: string, handle: (c: RouteContext) => Response | Promise<Response>): Route {
  return { name, method: 'GET', path, readOnly: true, handle };
}

export function openRoute(name: string, method: Method, path: string, handle: (c: RouteContext) => Response | Promise<Response>): Route {
  return { name, method, path, handle };
}

/** Reads a JSON body and validates it, answering 400 INVALID_ARGUMENT that names the field on any problem. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const text = await request.text();
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw invalidArgument(`Invalid JSON payload received. ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidArgument(`Invalid JSON payload received. ${describeIssues(parsed.error)}`);
  return parsed.data;
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `Invalid value at '${i.path.join('.') || '(root)'}': ${i.message}.`)
    .join(' ');
}

/** pageSize as the Library API reads it: default when absent, clamped to the maximum, 400 when not a number. */
export function pageSizeOf(value: string | null | undefined | number, defaultSize: number, maxSize: number): number {
  if (value === null || value === undefined || value === '') return defaultSize;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw invalidArgument(`Invalid pageSize: ${String(value)}. It must be a positive whole number.`);
  return n === 0 ? defaultSize : Math.min(n, maxSize);
}

/** Opaque page tokens: a keyset cursor, tagged with what it pages so a token from one list is refused by another. */
export function encodePageToken(list: string, cursor: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify([list, ...cursor])).toString('base64url');
}

export function decodePageToken(list: string, token: string | null | undefined): Array<string | number> | undefined {
  if (!token) return undefined;
  try {
    const [tag, ...cursor] = JSON.parse(Buffer.from(token, 'base64url').toString()) as unknown[];
    if (tag === list && cursor.every((c) => typeof c === 'string' || typeof c === 'number')) return cursor as Array<string | number>;
  } catch {
    // fall through to the error below
  }
  throw invalidArgument('Invalid page token.');
}

export const json = (body: unknown, status = 200, headers?: HeadersInit): Response => Response.json(body, { status, headers });
