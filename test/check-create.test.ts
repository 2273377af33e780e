/**
 * The valid create of `--unsafe` and the OpenAPI status checks, against a plain node:http API:
 * the body comes from the OpenAPI example (or schema, or a copy of the first record), a 200 where
 * the description declares 201 is reported, a 201 without Location is reported, and statuses an
 * operation does not declare are reported. Every request the server received is recorded.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { test } from 'node:test';
import { checkApi, type Finding, parseRouteFlag, routesFromOpenApi } from '../src/cli/check/index.js';
import { schemaValue } from '../src/cli/check/probe-create.js';
import { listenOnFreePort } from './fixtures/serve-on-free-port.js';

/** The checks this file is about; the small API below breaks other rules too (no HEAD, no 501). */
const ABOUT = new Set(['create-status', 'created-location', 'undeclared-status']);
const about = (findings: readonly Finding[]) => findings.filter((f) => ABOUT.has(f.check));

interface Seen {
  method: string;
  url: string;
  body: string;
}

/** Things: GET lists them, POST stores a JSON object and answers `createStatus` (with Location or not). */
async function thingsApi(createStatus: number, location: boolean) {
  const seen: Seen[] = [];
  const things = [{ id: 1, name: 'first', size: 3 }];
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(body));
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/things' && req.method === 'GET') return json(res, 200, things);
      if (path === '/things' && req.method === 'POST') {
        let data: unknown;
        try {
          data = JSON.parse(body);
        } catch {
          return json(res, 400, { error: 'Malformed JSON' });
        }
        if (!/^application\/json/.test(req.headers['content-type'] ?? ''))
          return json(res, 415, { error: 'JSON only' });
        const thing = { id: things.length + 1, ...(data as object) };
        return json(res, createStatus, thing, location ? { Location: `/things/${thing.id}` } : {});
      }
      if (path === '/things')
        return json(res, 405, { error: 'Method not allowed' }, { Allow: 'GET, HEAD, POST' });
      return json(res, 404, { error: 'Not found' });
    });
  });
  const running = await listenOnFreePort(server);
  return { ...running, seen };
}

const DOC = {
  openapi: '3.1.0',
  paths: {
    '/things': {
      get: { responses: { '200': { description: 'the things' }, '4XX': { description: 'errors' } } },
      post: {
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['name', 'size'],
                properties: { name: { type: 'string' }, size: { type: 'integer', minimum: 1 } },
              },
              example: { name: 'from the example', size: 7 },
            },
          },
        },
        responses: { '201': { description: 'created' }, '4XX': { description: 'errors' } },
      },
    },
  },
};

test('a schema gives a value it accepts: required members, $ref followed', () => {
  const doc = { components: { schemas: { Size: { type: 'integer', minimum: 2 } } } };
  const schema = {
    type: 'object',
    required: ['name', 'size', 'tags'],
    properties: {
      name: { type: 'string' },
      size: { $ref: '#/components/schemas/Size' },
      tags: { type: 'array' },
      note: { type: 'string' },
    },
  };
  assert.deepEqual(schemaValue(doc, schema), { name: 'statuskit', size: 2, tags: [] });
});

test('with OpenAPI: the create carries the example; 200 where 201 is declared is reported', async () => {
  const api = await thingsApi(200, true);
  try {
    const result = await checkApi({
      url: api.url,
      routes: routesFromOpenApi(DOC),
      openapi: DOC,
      unsafe: true,
      delayMs: 0,
    });
    const creates = api.seen.filter((s) => s.method === 'POST' && s.body.startsWith('{"name"'));
    assert.deepEqual(
      creates.map((s) => s.body),
      ['{"name":"from the example","size":7}'],
    );
    assert.deepEqual(
      about(result.findings).map((f) => `${f.check} ${f.request}`),
      ['create-status POST /things'],
    );
    assert.ok(
      result.notes.some((n) => /POST \/things was sent the example of its OpenAPI description/.test(n)),
    );
  } finally {
    await api.close();
  }
});

test('without OpenAPI: a copy of the first record, without its id; 201 without Location is reported', async () => {
  const api = await thingsApi(201, false);
  try {
    const result = await checkApi({
      url: api.url,
      routes: parseRouteFlag('GET,POST /things'),
      unsafe: true,
      delayMs: 0,
    });
    const creates = api.seen.filter((s) => s.method === 'POST' && s.body.startsWith('{"name"'));
    assert.deepEqual(
      creates.map((s) => s.body),
      ['{"name":"first","size":3}'],
    );
    assert.deepEqual(
      about(result.findings).map((f) => `${f.check} ${f.severity} ${f.request}`),
      ['created-location W POST /things'],
    );
  } finally {
    await api.close();
  }
});

test('a correct create (201 with Location) and declared statuses: no findings; an undeclared one is', async () => {
  const api = await thingsApi(201, true);
  try {
    const clean = await checkApi({
      url: api.url,
      routes: routesFromOpenApi(DOC),
      openapi: DOC,
      unsafe: true,
      delayMs: 0,
    });
    assert.deepEqual(
      about(clean.findings).map((f) => `${f.check}: ${f.detail}`),
      [],
    );
    const strict = structuredClone(DOC);
    strict.paths['/things'].get.responses = { '201': { description: 'wrong on purpose' } } as never;
    const result = await checkApi({
      url: api.url,
      routes: routesFromOpenApi(strict),
      openapi: strict,
      delayMs: 0,
    });
    const undeclared = result.findings.filter((f) => f.check === 'undeclared-status');
    assert.equal(undeclared.length, 1);
    assert.match(undeclared[0]!.detail, /GET \/things → 200; GET \/things declares 201/);
  } finally {
    await api.close();
  }
});
