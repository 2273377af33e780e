/**
 * `statuskit check` against apps with known defects: plain Express, Fastify, Hono and Koa apps
 * written without statuskit, and a raw-socket API that breaks rules frameworks cannot. Each defect
 * is asserted by check id; correct routes must yield nothing.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  type CheckResult,
  checkApi,
  loadOpenApi,
  parseRouteFlag,
  type Route,
} from '../src/cli/check/index.js';
import { startRawApi } from './fixtures/raw-api.js';

const AUTH = [['Authorization', 'Bearer write-token']] as const;
const routesOf = (flags: readonly string[]): Route[] => flags.flatMap((f) => parseRouteFlag(f));
const ids = (result: CheckResult) => new Set(result.findings.map((f) => f.check));

async function checkFixture(name: string): Promise<CheckResult> {
  const fixture = (await import(`./fixtures/plain-${name}.js`)) as {
    ROUTES: string[];
    startApp(): Promise<{ url: string; close(): Promise<void> }>;
  };
  const app = await fixture.startApp();
  try {
    return await checkApi({
      url: app.url,
      routes: routesOf(fixture.ROUTES),
      unsafe: true,
      auth: AUTH,
      delayMs: 2,
    });
  } finally {
    await app.close();
  }
}

const KNOWN_DEFECTS: Record<string, string[]> = {
  express: ['error-not-json', 'method-not-allowed', 'allow-missing', 'error-leak'],
  fastify: ['method-not-allowed', 'server-message-leak'],
  hono: ['error-not-json', 'method-not-allowed', 'malformed-json-5xx'],
  koa: ['error-not-json', 'www-authenticate-missing', 'malformed-json-5xx'],
};

describe('plain framework apps (no statuskit)', () => {
  for (const [name, expected] of Object.entries(KNOWN_DEFECTS)) {
    test(`${name}: finds ${expected.join(', ')}`, async () => {
      const result = await checkFixture(name);
      const found = ids(result);
      for (const id of expected)
        assert.ok(found.has(id), `${name}: expected ${id}; found ${[...found].join(', ')}`);
      for (const f of result.findings) {
        assert.ok(
          f.rule && f.fix && f.request && f.response,
          `${f.check} names rule, fix, request and response`,
        );
        assert.match(f.severity, /^[EWI]$/);
      }
      assert.ok(result.requests <= 200);
    });
  }

  test('each finding says where it comes from and what came back', async () => {
    const result = await checkFixture('express');
    const notFound = result.findings.find((f) => f.check === 'method-not-allowed')!;
    assert.equal(notFound.request, 'TRACE /notes');
    assert.match(notFound.detail, /TRACE \/notes → 404 \(looks like Express's default 404 page\)/);
    assert.match(notFound.response, /^HTTP\/1\.1 404 Not Found\n/);
    assert.equal(notFound.rule, 'RFC 9110 §9.1 SHOULD');
    assert.equal(notFound.severity, 'W');
    assert.equal(notFound.docs, 'docs/checks.md#method-not-allowed');
    const leak = result.findings.find((f) => f.check === 'error-leak')!;
    assert.equal(leak.rule, 'RFC 9457 §5 convention');
    assert.equal(leak.severity, 'I');
  });
});

describe('a raw API breaking rules frameworks cannot', () => {
  const cases: [string, string][] = [
    ['/bad-204', 'bodiless-content'],
    ['/head-body', 'head-body'],
    ['/teapot', 'status-restricted'],
    ['/rate', 'retry-after-syntax'],
    ['/problem', 'problem-status-mismatch'],
    ['/stack', 'error-leak'],
    ['/created', 'created-safe-method'],
    ['/moved', 'redirect-location'],
    ['/no-challenge', 'www-authenticate-missing'],
    ['/allow-self', 'allow-has-method'],
    ['/html-error', 'error-not-json'],
    ['/invalid-json', 'json-invalid'],
    ['/interim', 'final-informational'],
  ];

  test('every defect is found by its check id, with the right request', async () => {
    const api = await startRawApi();
    try {
      const paths = [...new Set(cases.map(([p]) => p))];
      const result = await checkApi({
        url: api.url,
        routes: routesOf(paths.map((p) => `GET ${p}`)),
        delayMs: 0,
      });
      for (const [path, id] of cases) {
        const hit = result.findings.find((f) => f.check === id);
        assert.ok(hit, `${id} for ${path}; found ${[...ids(result)].join(', ')}`);
        assert.ok(hit.request.includes(path), `${id} names ${path}, not ${hit.request}`);
      }
      assert.equal(result.counts.E > 0, true);
      // One exchange, one finding: the most severe. GET /bad-204 carries a body and
      // Content-Length (bodiless-content only; HEAD shows bodiless-framing), GET /rate a bad
      // Retry-After and a storable 429 (retry-after-syntax only).
      const onGet = (path: string) => result.findings.filter((f) => f.request === `GET ${path}`);
      assert.deepEqual(
        onGet('/bad-204').map((f) => f.check),
        ['bodiless-content'],
      );
      assert.deepEqual(
        onGet('/rate').map((f) => f.check),
        ['retry-after-syntax'],
      );
      assert.ok(result.findings.some((f) => f.check === 'bodiless-framing' && f.request === 'HEAD /bad-204'));
    } finally {
      await api.close();
    }
  });

  test('correct routes (chunked, conditional GET, authenticated) yield no findings', async () => {
    const api = await startRawApi();
    try {
      const routes = routesOf(['GET /ok', 'GET /chunked', 'GET /private']);
      const result = await checkApi({
        url: api.url,
        routes,
        auth: [['Authorization', 'Bearer t']],
        unsafe: true,
        delayMs: 0,
      });
      assert.deepEqual(
        result.findings.map((f) => `${f.check}: ${f.detail}`),
        [],
      );
      assert.ok(result.requests > 15, 'the probes ran');
    } finally {
      await api.close();
    }
  });

  test('precedence: an API that wants credentials first is not blamed for 401s', async () => {
    const api = await startRawApi();
    try {
      const result = await checkApi({ url: api.url, routes: routesOf(['GET /private']), delayMs: 0 });
      assert.deepEqual([...ids(result)], []);
      // Every declared route answers 401: an app-wide gate, noted, and no probe judged behind it.
      const gate = 'every declared route answers 401 (an app-wide gate answered first)';
      const reasons = result.notEvaluated.map((n) => `${n.probe} ${n.reason}`);
      assert.ok(reasons.includes(`2 ${gate}`), reasons.join('; '));
      assert.ok(reasons.includes(`4 ${gate}`));
      assert.ok(result.notes.some((n) => /Every declared route answered GET with 401/.test(n)));
      assert.ok(
        result.notEvaluated.every((n) => /^[A-Z]+ \//.test(n.request)),
        'each names its request',
      );
    } finally {
      await api.close();
    }
  });

  test('the request budget is kept', async () => {
    const api = await startRawApi();
    try {
      const result = await checkApi({
        url: api.url,
        routes: routesOf(['GET /ok', 'GET /rate']),
        maxRequests: 3,
      });
      assert.equal(result.requests, 3);
      assert.equal(result.truncated, true);
    } finally {
      await api.close();
    }
  });
});

test('the status server passes the checker on its own resources', async () => {
  const { startStatusServer } = await import('../src/cli/serve/index.js');
  const server = await startStatusServer({ port: 0 });
  try {
    const routes = routesOf(['GET /', 'GET /codes', 'GET /codes/{code}']);
    const result = await checkApi({ url: server.url, routes, unsafe: true, delayMs: 0 });
    assert.deepEqual(
      result.findings.map((f) => `${f.check}: ${f.detail}`),
      [],
    );
  } finally {
    await server.close();
  }
});

test('an unreachable URL is an error, not a finding', async () => {
  const api = await startRawApi();
  const { url } = api;
  await api.close();
  await assert.rejects(checkApi({ url, maxRequests: 5 }), /cannot reach/);
});

test('routes from OpenAPI 3: server prefix, parameter examples, security', async () => {
  const { routesFromOpenApi } = await import('../src/cli/check/index.js');
  const routes = routesFromOpenApi({
    openapi: '3.1.0',
    servers: [{ url: 'https://api.example/v1' }],
    security: [{ bearer: [] }],
    paths: {
      '/notes': { get: { security: [] }, post: {} },
      '/notes/{id}': {
        parameters: [{ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } }],
        get: {},
        delete: {},
      },
      '/tags/{tag}': { get: { parameters: [{ name: 'tag', in: 'path', example: 'home' }] } },
      '/users/{userId}': { get: {} },
    },
  });
  assert.deepEqual(
    routes.map((r) => `${r.method} ${r.path} ${r.synthetic ? 'synthetic' : 'example'} ${r.protected}`),
    [
      'GET /v1/notes example false',
      'POST /v1/notes example true',
      'GET /v1/notes/00000000-0000-4000-8000-000000000000 example true',
      'DELETE /v1/notes/00000000-0000-4000-8000-000000000000 example true',
      'GET /v1/tags/home example true',
      'GET /v1/users/1 synthetic true',
    ],
  );
  assert.throws(() => routesFromOpenApi({ swagger: '2.0' }), /not an OpenAPI 3 document/);
  assert.deepEqual(
    parseRouteFlag('get,delete /notes/:id').map((r) => `${r.method} ${r.path}`),
    ['GET /notes/1', 'DELETE /notes/1'],
  );
  assert.throws(() => parseRouteFlag('GET notes'), /--route wants "METHOD \/path"/);
});

test('OpenAPI files: JSON, YAML by extension or content, and clear errors for broken files', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'statuskit-openapi-'));
  try {
    const yaml = [
      'openapi: 3.0.3',
      'servers:',
      '  - url: /api',
      'paths:',
      '  /notes:',
      '    get: {}',
      '    post: {}',
      "  '/notes/{id}':",
      '    parameters:',
      '      - { name: id, in: path, example: 7 }',
      '    delete: {}',
    ].join('\n');
    const lines = (routes: Route[]) => routes.map((r) => `${r.method} ${r.path}`);
    const expected = ['GET /api/notes', 'POST /api/notes', 'DELETE /api/notes/7'];
    await writeFile(join(dir, 'api.yaml'), yaml);
    assert.deepEqual(lines(await loadOpenApi(join(dir, 'api.yaml'))), expected);
    // No telling extension: JSON is tried first, then YAML.
    await writeFile(join(dir, 'api'), yaml);
    assert.deepEqual(lines(await loadOpenApi(join(dir, 'api'))), expected);
    await writeFile(
      join(dir, 'api.json'),
      JSON.stringify({ openapi: '3.1.0', paths: { '/x': { get: {} } } }),
    );
    assert.deepEqual(lines(await loadOpenApi(join(dir, 'api.json'))), ['GET /x']);

    await writeFile(join(dir, 'broken.json'), '{"openapi": ');
    await assert.rejects(loadOpenApi(join(dir, 'broken.json')), /broken\.json is not valid JSON/);
    await writeFile(join(dir, 'broken.yml'), 'paths:\n  /x: [unclosed');
    await assert.rejects(loadOpenApi(join(dir, 'broken.yml')), /broken\.yml is neither JSON nor valid YAML/);
    await writeFile(join(dir, 'swagger.yaml'), 'swagger: "2.0"\npaths: {}');
    await assert.rejects(loadOpenApi(join(dir, 'swagger.yaml')), /not an OpenAPI 3 document/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
