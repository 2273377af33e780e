import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STATUS_DESCRIPTIONS as STATUS_ENTRIES } from '../registry/index.js';
import { StatuskitConfigError } from './config-error.js';
import { createError } from './create-error.js';
import * as generated from './errors.generated.js';
import {
  ContentTooLargeError,
  InternalServerError,
  MethodNotAllowedError,
  NotFoundError,
  RangeNotSatisfiableError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UpgradeRequiredError,
} from './errors.generated.js';
import { HttpError, isHttpError } from './http-error.js';

const REQUIRED_ARGS: Record<number, unknown[]> = { 405: [['GET']], 426: ['HTTP/2'] };

test('every registered 4xx and 5xx code has its class with status, name, message and expose', () => {
  const errors = STATUS_ENTRIES.filter((e) => e.code >= 400);
  assert.equal(errors.length, 40);
  for (const entry of errors) {
    const ErrorClass = (generated as unknown as Record<string, new (...a: unknown[]) => HttpError>)[
      entry.errorClass!
    ];
    assert.ok(ErrorClass, `${entry.errorClass} is exported`);
    const args = [...(REQUIRED_ARGS[entry.code] ?? []), undefined, { allowRestricted: true }];
    const error = new ErrorClass(...args);
    assert.equal(error.status, entry.code);
    assert.equal(error.statusCode, entry.code);
    assert.equal(error.name, entry.errorClass);
    assert.equal(error.message, entry.message);
    assert.equal(error.expose, entry.code < 500);
    assert.ok(error instanceof HttpError && error instanceof Error && isHttpError(error));
    for (const header of entry.requiredHeaders) {
      assert.ok(error.headers[header.toLowerCase()] !== undefined, `${entry.code} carries ${header}`);
    }
    assert.equal(createError(entry.code, undefined, { allowRestricted: true }).constructor, ErrorClass);
  }
});

test('class names follow the IANA phrase with one Error suffix', () => {
  assert.equal(new ContentTooLargeError().name, 'ContentTooLargeError');
  assert.equal(new TooManyRequestsError().name, 'TooManyRequestsError');
  assert.equal(new InternalServerError().name, 'InternalServerError');
});

test('constructors ask for what their code requires', () => {
  assert.equal(new MethodNotAllowedError(['GET', 'HEAD']).headers.allow, 'GET, HEAD');
  assert.equal(new UnauthorizedError().headers['www-authenticate'], 'Bearer');
  assert.equal(
    new UnauthorizedError('x', { challenge: 'Basic realm="a"' }).headers['www-authenticate'],
    'Basic realm="a"',
  );
  assert.equal(new TooManyRequestsError(undefined, { retryAfter: 2.2 }).headers['retry-after'], '3');
  assert.equal(new TooManyRequestsError().headers['retry-after'], undefined);
  assert.equal(new ServiceUnavailableError(undefined, { retryAfter: 0 }).headers['retry-after'], '1');
  assert.equal(new UpgradeRequiredError('HTTP/2').headers.upgrade, 'HTTP/2');
  assert.equal(new UpgradeRequiredError('HTTP/2').headers.connection, 'upgrade');
  assert.equal(
    new RangeNotSatisfiableError(undefined, { rangeLength: 10 }).headers['content-range'],
    'bytes */10',
  );
  assert.throws(() => new UnauthorizedError('x', { challenge: 'Bearer\r\nSet-Cookie: a=b' }), {
    code: 'ERR_STATUSKIT_UNSAFE_HEADER',
  });
});

test('4xx errors capture no stack by default, 5xx errors do, and both are configurable', () => {
  const notFound = new NotFoundError();
  assert.ok(!notFound.stack?.includes('errors.test'), 'a 4xx stack has no frames');
  assert.ok(new InternalServerError().stack?.includes('errors.test'), 'a 5xx stack has frames');
  assert.ok(new NotFoundError(undefined, { captureStack: true }).stack?.includes('errors.test'));
  HttpError.stackTraces.clientErrors = true;
  try {
    assert.ok(new NotFoundError().stack?.includes('errors.test'));
  } finally {
    HttpError.stackTraces.clientErrors = false;
  }
  assert.ok(Error.stackTraceLimit > 0, 'the global limit is restored');
});

test('restricted and out-of-range codes are refused with a coded configuration error', () => {
  for (const code of [418, 510]) {
    assert.throws(
      () => createError(code),
      (e: unknown) => {
        assert.ok(e instanceof StatuskitConfigError);
        assert.equal(e.code, 'ERR_STATUSKIT_RESTRICTED_STATUS');
        assert.match(e.message, /allowRestricted/);
        return true;
      },
    );
    assert.equal(createError(code, undefined, { allowRestricted: true }).status, code);
  }
  for (const code of [399, 600, 200, 404.5, Number.NaN]) {
    assert.throws(() => new HttpError(code), { code: 'ERR_STATUSKIT_INVALID_STATUS' });
  }
  assert.throws(() => new HttpError(409, 'x', { code: 'lower-case' }), {
    code: 'ERR_STATUSKIT_INVALID_CODE',
  });
});

test('an unregistered code in range is a plain HttpError with its class message', () => {
  const error = createError(499);
  assert.equal(error.constructor, HttpError);
  assert.equal(error.message, 'Bad request');
});

test('code, details, cause and unsafe extra headers', () => {
  const cause = new Error('db');
  const error = new HttpError(409, 'Taken', {
    code: 'NOTE_TITLE_TAKEN',
    details: [{ path: 'title', message: 'taken' }],
    cause,
    headers: { 'X-Ok': 'yes', 'X-Bad': 'a\r\nb' },
  });
  assert.equal(error.code, 'NOTE_TITLE_TAKEN');
  assert.deepEqual(error.details, [{ path: 'title', message: 'taken' }]);
  assert.equal(error.cause, cause);
  // Kept on the error as given (lower-case names); what cannot be written is dropped when answered.
  assert.deepEqual(error.headers, { 'x-ok': 'yes', 'x-bad': 'a\r\nb' });
});

test('isHttpError recognises an error from another copy of the package', async () => {
  const other = (await import(
    new URL('../../dist/index.js', import.meta.url).href
  )) as typeof import('../index.js');
  const foreign = new other.NotFoundError();
  assert.ok(!(foreign instanceof HttpError), 'a different copy');
  assert.ok(isHttpError(foreign));
  assert.ok(other.isHttpError(new NotFoundError()));
  assert.equal(isHttpError({ status: 404 }), false);
  assert.equal(isHttpError(null), false);
});
