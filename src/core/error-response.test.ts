import assert from 'node:assert/strict';
import { test } from 'node:test';
import Boom from '@hapi/boom';
import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  InternalServerErrorException,
} from '@nestjs/common';
import Fastify from 'fastify';
import { HTTPException } from 'hono/http-exception';
import createHttpError from 'http-errors';
import { describeError } from './describe-error.js';
import { createErrorResponder } from './error-response.js';
import { MethodNotAllowedError, NotFoundError, ServiceUnavailableError } from './errors.generated.js';
import { HttpError } from './http-error.js';

const SECRET = 'secret-db-password-42';
const logged: unknown[] = [];
const respond = createErrorResponder({ logger: { error: (e) => logged.push(e) } });
const body = (error: unknown, accept?: string) => JSON.parse(respond(error, accept).body!);

function assertNoLeak(error: unknown) {
  for (const accept of [undefined, 'application/problem+json']) {
    const parts = respond(error, accept);
    const text = parts.body! + JSON.stringify(parts.headers);
    assert.ok(!text.includes(SECRET), `secret leaked: ${text}`);
    assert.ok(!/\bat .*:\d+:\d+/.test(text), `stack leaked: ${text}`);
  }
}

test('statuskit errors: status, headers, message, code, details; Cache-Control no-store', () => {
  const parts = respond(new MethodNotAllowedError(['GET']));
  assert.equal(parts.status, 405);
  assert.equal(parts.headers.allow, 'GET');
  assert.equal(parts.headers['content-type'], 'application/json; charset=utf-8');
  assert.equal(parts.headers['cache-control'], 'no-store');
  assert.equal(parts.body, '{"error":"Method not allowed"}');
  const coded = respond(
    new HttpError(409, 'Taken', { code: 'TAKEN', details: [{ path: 'title', message: 'dup' }] }),
  );
  assert.equal(coded.body, '{"error":"Taken","code":"TAKEN","details":[{"path":"title","message":"dup"}]}');
  assert.deepEqual(Object.keys(JSON.parse(coded.body!)), ['error', 'code', 'details']);
});

test('5xx messages are hidden unless exposed, and logged once with the error', () => {
  logged.length = 0;
  const error = new ServiceUnavailableError(SECRET);
  assert.deepEqual(body(error), { error: 'Service unavailable' });
  assert.deepEqual(logged, [error]);
  assert.deepEqual(body(new HttpError(503, 'Back soon', { expose: true })), { error: 'Back soon' });
  logged.length = 0;
  respond(new ServiceUnavailableError('Shedding load', { log: false }));
  respond(new NotFoundError());
  assert.deepEqual(logged, [], 'an expected 503 made with log: false, and a 4xx, are not logged');
  respond(new Error('boom'));
  assert.equal(logged.length, 1);
  assertNoLeak(error);
});

test('anything else thrown is a 500 that leaks nothing', () => {
  for (const thrown of [
    new Error(SECRET),
    new TypeError(SECRET),
    SECRET,
    42,
    null,
    undefined,
    { message: SECRET },
    Symbol('x'),
  ]) {
    const parts = respond(thrown);
    assert.equal(parts.status, 500);
    assert.equal(parts.body, '{"error":"Internal server error"}');
    assertNoLeak(thrown);
  }
});

test('http-errors (Express, Koa ctx.throw): status, headers, expose', () => {
  assert.deepEqual(body(createHttpError(404, 'Gone missing')), { error: 'Gone missing' });
  const withHeaders = respond(createHttpError(401, 'No', { headers: { 'WWW-Authenticate': 'Basic' } }));
  assert.equal(withHeaders.headers['www-authenticate'], 'Basic');
  assertNoLeak(createHttpError(500, SECRET));
  assert.deepEqual(body(createHttpError(500, SECRET)), { error: 'Internal server error' });
  assert.deepEqual(body(createHttpError(502, 'Upstream said no', { expose: true })), {
    error: 'Upstream said no',
  });
  const parseFailed = Object.assign(createHttpError(400, `Unexpected token in JSON: ${SECRET}`), {
    type: 'entity.parse.failed',
  });
  assert.deepEqual(body(parseFailed), { error: 'Malformed JSON body' });
  assert.equal(
    respond(Object.assign(createHttpError(413, 'request entity too large'), { type: 'entity.too.large' }))
      .status,
    413,
  );
  assert.equal(
    respond(createHttpError(405, 'x', { headers: { allow: 'GET\r\nX-Injected: 1' } })).headers.allow,
    undefined,
  );
});

test('Boom: output status and headers, message per the 5xx rule', () => {
  assert.deepEqual(body(Boom.conflict('Boom conflict')), { error: 'Boom conflict' });
  const unauthorized = respond(Boom.unauthorized('Who?', 'Bearer'));
  assert.equal(unauthorized.status, 401);
  assert.match(unauthorized.headers['www-authenticate']!, /^Bearer/);
  assert.deepEqual(body(Boom.badImplementation(SECRET)), { error: 'Internal server error' });
  assertNoLeak(Boom.badImplementation(SECRET));
  assertNoLeak(Boom.boomify(new Error(SECRET)));
});

test('Fastify errors: FST_* codes, validation details, thrown statusCode', async () => {
  const app = Fastify();
  app.post(
    '/v',
    { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
    async () => 'ok',
  );
  app.get('/throw', async () => {
    throw Object.assign(new Error(SECRET), { statusCode: 500 });
  });
  const captured: unknown[] = [];
  app.setErrorHandler((error, _req, reply) => {
    captured.push(error);
    reply.code(599).send('captured');
  });
  await app.inject({
    method: 'POST',
    url: '/v',
    payload: '{"a":',
    headers: { 'content-type': 'application/json' },
  });
  await app.inject({
    method: 'POST',
    url: '/v',
    payload: '{}',
    headers: { 'content-type': 'application/json' },
  });
  await app.inject({
    method: 'POST',
    url: '/v',
    payload: '<x/>',
    headers: { 'content-type': 'application/xml' },
  });
  await app.inject({ method: 'GET', url: '/throw' });
  await app.close();
  const [malformed, invalid, mediaType, thrown] = captured.map((e) => respond(e));
  assert.equal(malformed?.status, 400);
  assert.deepEqual(JSON.parse(malformed!.body!), { error: 'Malformed JSON body' });
  assert.equal(invalid?.status, 400);
  assert.deepEqual(JSON.parse(invalid!.body!).details, [
    { path: '', message: "must have required property 'name'" },
  ]);
  assert.equal(mediaType?.status, 415);
  assert.equal(thrown?.status, 500);
  assert.ok(!thrown!.body!.includes(SECRET));
});

test('NestJS HttpException and Hono HTTPException', () => {
  assert.deepEqual(body(new ForbiddenException('Not yours')), { error: 'Not yours' });
  assert.equal(respond(new BadRequestException()).status, 400);
  assert.equal(respond(new HttpException('Teapotish', 422)).status, 422);
  assert.deepEqual(body(new InternalServerErrorException(SECRET)), { error: 'Internal server error' });
  assertNoLeak(new InternalServerErrorException(SECRET));
  assert.deepEqual(body(new HTTPException(403, { message: 'Nope' })), { error: 'Nope' });
  assert.deepEqual(body(new HTTPException(500, { message: SECRET })), { error: 'Internal server error' });
});

test("a SyntaxError the application throws is a hidden 500, logged: only the body reader's is the client's 400", () => {
  let syntax: unknown;
  try {
    JSON.parse('{"a":');
  } catch (e) {
    syntax = e;
  }
  logged.length = 0;
  assert.equal(respond(syntax).status, 500);
  assert.deepEqual(body(syntax), { error: 'Internal server error' });
  assert.ok(logged.includes(syntax), 'the SyntaxError reaches the logger');
  assert.equal(respond(new SyntaxError('Invalid regular expression')).status, 500);
});

test('headers an error cannot write are dropped and logged, the rest answered', () => {
  logged.length = 0;
  const error = new HttpError(404, 'No such user', {
    headers: {
      'x-missing-user': '東京',
      'bad name': 'x',
      'x-split': 'a\r\nSet-Cookie: a=b',
      'x-latin1': 'café',
      'x-ok': '7',
    },
  });
  const parts = respond(error);
  assert.equal(parts.status, 404);
  assert.equal(parts.headers['x-ok'], '7');
  assert.equal(parts.headers['x-latin1'], 'café');
  for (const name of ['x-missing-user', 'bad name', 'x-split'])
    assert.equal(parts.headers[name], undefined, name);
  assert.equal(logged.length, 1, 'one log line names the dropped headers');
});

test('an error whose getters throw, or that cannot be serialised, is the generic 500', () => {
  const throwing = {
    get status(): number {
      throw new Error('getter boom /srv/secret');
    },
    message: 'x',
  };
  const revoked = Proxy.revocable({}, {});
  revoked.revoke();
  const unserialisable = new HttpError(400, 'Bad', {
    details: [{ path: 'a', message: 1n as unknown as string }],
  });
  for (const error of [throwing, revoked.proxy, unserialisable]) {
    const parts = respond(error);
    assert.equal(parts.status, 500);
    assert.deepEqual(JSON.parse(parts.body!), { error: 'Internal server error' });
    assert.ok(!parts.body!.includes('secret'));
  }
});

test('out-of-range foreign statuses become 500', () => {
  assert.equal(describeError({ status: 200, message: 'x' }).status, 500);
  assert.equal(describeError({ statusCode: 700 }).status, 500);
  assert.equal(describeError(Object.assign(new Error('x'), { status: '404' })).status, 500);
});

test('problem details by Accept or by configuration', () => {
  const problem = respond(new NotFoundError('Note not found'), 'application/problem+json');
  assert.equal(problem.headers['content-type'], 'application/problem+json; charset=utf-8');
  assert.deepEqual(JSON.parse(problem.body!), {
    type: 'about:blank',
    title: 'Not Found',
    status: 404,
    detail: 'Note not found',
  });
  const coded = JSON.parse(
    respond(
      new HttpError(400, 'Bad', { code: 'BAD', details: [{ path: 'a', message: 'b' }] }),
      'application/problem+json',
    ).body!,
  );
  assert.deepEqual(coded, {
    type: 'about:blank',
    title: 'Bad Request',
    status: 400,
    detail: 'Bad',
    code: 'BAD',
    errors: [{ path: 'a', message: 'b' }],
  });
  assert.equal(
    respond(new NotFoundError(), 'application/json, application/problem+json;q=0.5').headers['content-type'],
    'application/json; charset=utf-8',
  );
  const always = createErrorResponder({ problemDetails: true, logger: false });
  assert.equal(JSON.parse(always(new Error(SECRET)).body!).status, 500);
  assert.equal(JSON.parse(always(new Error(SECRET)).body!).detail, 'Internal server error');
  const never = createErrorResponder({ problemDetails: false, logger: false });
  assert.equal(
    never(new NotFoundError(), 'application/problem+json').headers['content-type'],
    'application/json; charset=utf-8',
  );
});

test('bad options are configuration errors with a code and a fix', () => {
  assert.throws(() => createErrorResponder({ bodyLimit: -1 }), {
    code: 'ERR_STATUSKIT_INVALID_OPTION',
    message: /Fix:/,
  });
  assert.throws(() => createErrorResponder({ problemDetails: 'yes' as never }), {
    code: 'ERR_STATUSKIT_INVALID_OPTION',
  });
  assert.throws(() => createErrorResponder({ logger: {} as never }), {
    code: 'ERR_STATUSKIT_INVALID_OPTION',
  });
});

test("the popular middleware's errors: multer limits, the cors package's refusal, formidable's httpCode", () => {
  const multer = (code: string, message: string) =>
    Object.assign(new Error(message), { name: 'MulterError', code });
  assert.equal(respond(multer('LIMIT_FILE_SIZE', 'File too large')).status, 413);
  assert.deepEqual(body(multer('LIMIT_FILE_SIZE', 'File too large')), { error: 'File too large' });
  assert.equal(respond(multer('LIMIT_UNEXPECTED_FILE', 'Unexpected field')).status, 400);
  assert.equal(respond(new Error('Not allowed by CORS')).status, 403);
  const formidable = Object.assign(new Error('maxFileSize exceeded'), { httpCode: 413, code: 1009 });
  assert.equal(respond(formidable).status, 413);
  assert.equal(respond(Object.assign(new Error('secret-db-password-42'), { httpCode: 500 })).status, 500);
  assertNoLeak(Object.assign(new Error(SECRET), { httpCode: 503 }));
});
