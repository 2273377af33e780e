import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isHttpError } from './http-error.js';
import {
  allowedMethods,
  checkJsonBodyHeaders,
  clientErrorStatus,
  isJsonContentType,
  isValidPathEncoding,
  methodError,
  parseJsonBody,
} from './request-rules.js';

test('Allow: HEAD where GET exists, OPTIONS always, stable order', () => {
  assert.deepEqual(allowedMethods(['post', 'GET']), ['GET', 'HEAD', 'POST', 'OPTIONS']);
  assert.deepEqual(allowedMethods(['DELETE', 'PUT']), ['PUT', 'DELETE', 'OPTIONS']);
  assert.deepEqual(allowedMethods(['PROPFIND', 'GET']), ['GET', 'HEAD', 'OPTIONS', 'PROPFIND']);
});

test('405 for a known method, 501 for an unknown one, nothing for a path with no routes', () => {
  const e405 = methodError('DELETE', ['GET']);
  assert.ok(isHttpError(e405));
  assert.equal(e405.status, 405);
  assert.equal(e405.headers.allow, 'GET, HEAD, OPTIONS');
  const e501 = methodError('FOO', ['GET']);
  assert.equal(e501?.status, 501);
  assert.equal(e501?.message, 'Method FOO is not implemented');
  assert.equal(methodError('GET', []), undefined);
});

test('JSON content types and body checks from headers alone', () => {
  assert.equal(isJsonContentType('application/json'), true);
  assert.equal(isJsonContentType('Application/JSON; charset=utf-8'), true);
  assert.equal(isJsonContentType('application/merge-patch+json'), true);
  assert.equal(isJsonContentType('application/jsonx'), false);
  assert.equal(isJsonContentType('text/plain'), false);
  assert.equal(isJsonContentType(undefined), false);
  const h = (
    contentType: string | undefined,
    contentLength: string | undefined,
    transferEncoding?: string,
  ) => ({
    contentType,
    contentLength,
    transferEncoding,
  });
  assert.equal(checkJsonBodyHeaders(h('text/plain', '3'), 10)?.status, 415);
  assert.equal(checkJsonBodyHeaders(h(undefined, '3'), 10)?.status, 415);
  assert.equal(checkJsonBodyHeaders(h('application/json', '11'), 10)?.status, 413);
  assert.equal(
    checkJsonBodyHeaders(h('text/plain', '11'), 10)?.status,
    413,
    'size is judged first: nothing is read',
  );
  assert.equal(checkJsonBodyHeaders(h('application/json', '10'), 10), undefined);
  assert.equal(checkJsonBodyHeaders(h('text/plain', '0'), 10), undefined, 'no body, nothing to refuse');
  assert.equal(checkJsonBodyHeaders(h('text/plain', undefined, 'chunked'), 10)?.status, 415);
});

test('malformed JSON is a 400', () => {
  assert.deepEqual(parseJsonBody('{"a":[1]}'), { a: [1] });
  assert.throws(() => parseJsonBody('{"a":'), { status: 400, message: 'Malformed JSON body' });
  assert.throws(() => parseJsonBody(''), { status: 400 });
});

test('percent-encoding in paths', () => {
  assert.equal(isValidPathEncoding('/notes/1'), true);
  assert.equal(isValidPathEncoding('/a%20b/%E2%9C%93'), true);
  assert.equal(isValidPathEncoding('/a%2'), false);
  assert.equal(isValidPathEncoding('/a%zz'), false);
  assert.equal(isValidPathEncoding('/%E0%A4%A'), false);
  assert.equal(isValidPathEncoding('/%FF'), false, 'not UTF-8');
});

test("Node's client errors map to 400/408/413/414/431/501", () => {
  assert.equal(clientErrorStatus('HPE_HEADER_OVERFLOW', false), 431);
  assert.equal(clientErrorStatus('HPE_HEADER_OVERFLOW', true), 414);
  assert.equal(clientErrorStatus('ERR_HTTP_REQUEST_TIMEOUT', false), 408);
  assert.equal(clientErrorStatus('HPE_INVALID_METHOD', false), 501);
  assert.equal(clientErrorStatus('HPE_CHUNK_EXTENSIONS_OVERFLOW', false), 413);
  assert.equal(clientErrorStatus('HPE_INVALID_CONSTANT', false), 400);
  assert.equal(clientErrorStatus(undefined, false), 400);
});
