import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefersProblemJson } from './negotiate.js';
import { accepted, created, noContent, ok, redirect, success } from './success.js';
import { planWrite } from './write-plan.js';

test('success builders: envelope first member, data, Location', () => {
  assert.deepEqual(ok([1]), {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: '{"success":"OK","data":[1]}',
  });
  assert.equal(ok().body, '{"success":"OK"}');
  const made = created('/notes/7', { id: 7 }, { message: 'Note created' });
  assert.equal(made.status, 201);
  assert.equal(made.headers.location, '/notes/7');
  assert.equal(made.body, '{"success":"Note created","data":{"id":7}}');
  assert.equal(accepted().status, 202);
  assert.equal(accepted().body, '{"success":"Accepted"}');
});

test('codes without content get no body, no Content-Type; 205 is written with Content-Length 0', () => {
  assert.deepEqual(noContent(), { status: 204, headers: {}, body: undefined });
  assert.deepEqual(success(304, { ignored: true }, { headers: { etag: '"a"' } }), {
    status: 304,
    headers: { etag: '"a"' },
    body: undefined,
  });
  assert.deepEqual(success(205), { status: 205, headers: {}, body: undefined });
  assert.equal(planWrite(success(205), 'GET').headers['content-length'], '0');
  assert.deepEqual(planWrite(success(204), 'GET').remove, ['content-type', 'content-length']);
  assert.equal(success(103).body, undefined);
});

test('redirects require a Location free of CR/LF and a redirect code', () => {
  const moved = redirect('/new', 308);
  assert.equal(moved.status, 308);
  assert.equal(moved.headers.location, '/new');
  assert.equal(moved.body, '{"success":"Permanent redirect"}');
  assert.equal(redirect('/x').status, 302);
  assert.throws(() => redirect('/x\r\nSet-Cookie: a=1'), { code: 'ERR_STATUSKIT_UNSAFE_HEADER' });
  assert.throws(() => redirect('/x\n'), { code: 'ERR_STATUSKIT_UNSAFE_HEADER' });
  assert.throws(() => created('/x\u0000'), { code: 'ERR_STATUSKIT_UNSAFE_HEADER' });
  assert.throws(() => redirect(''), { code: 'ERR_STATUSKIT_MISSING_LOCATION' });
  assert.throws(() => redirect('/x', 304), { code: 'ERR_STATUSKIT_INVALID_STATUS' });
});

test('success refuses error, unregistered and restricted codes', () => {
  for (const code of [404, 500, 299, 305, 306, 600, 99]) {
    assert.throws(() => success(code), { code: 'ERR_STATUSKIT_INVALID_STATUS' }, String(code));
  }
});

test('Accept negotiation for problem details', () => {
  assert.equal(prefersProblemJson(undefined), false);
  assert.equal(prefersProblemJson('application/json'), false);
  assert.equal(prefersProblemJson('application/problem+json'), true);
  assert.equal(prefersProblemJson('application/problem+json, application/json'), true);
  assert.equal(prefersProblemJson('application/json;q=0.9, application/problem+json'), true);
  assert.equal(prefersProblemJson('application/json, application/problem+json;q=0.5'), false);
  assert.equal(prefersProblemJson('application/problem+json;q=0'), false);
  assert.equal(prefersProblemJson('*/*, application/problem+json'), true);
  assert.equal(prefersProblemJson('APPLICATION/PROBLEM+JSON'), true, 'media types are case-insensitive');
});
