import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { etag, evaluatePreconditions } from './index.js';

describe('etag', () => {
  it('is stable, quoted, content-sensitive, and W/ when weak', () => {
    const tag = etag('{"success":"OK"}');
    assert.match(tag, /^"10-[A-Za-z0-9_-]{27}"$/);
    assert.equal(etag('{"success":"OK"}'), tag);
    assert.notEqual(etag('{"success":"Ok"}'), tag);
    assert.equal(etag('{"success":"OK"}', { weak: true }), `W/${tag}`);
    assert.equal(etag(Buffer.from('{"success":"OK"}')), tag);
    assert.match(etag('é'), /^"2-/, 'length in bytes');
  });
});

describe('evaluatePreconditions (RFC 9110 §13)', () => {
  const current = '"v2"';

  it('If-None-Match: 304 for GET and HEAD, 412 for other methods, by weak comparison', () => {
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '"v2"' }, current), 304);
    assert.equal(evaluatePreconditions({ method: 'HEAD', ifNoneMatch: 'W/"v2"' }, current), 304);
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '"v1", W/"v2"' }, current), 304);
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '"v2"' }, 'W/"v2"'), 304);
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '"v1"' }, current), undefined);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifNoneMatch: '"v2"' }, current), 412);
    assert.equal(evaluatePreconditions({ method: 'DELETE', ifNoneMatch: '"v1"' }, current), undefined);
  });

  it('If-None-Match: * is false only when the resource exists', () => {
    assert.equal(evaluatePreconditions({ method: 'PUT', ifNoneMatch: '*' }, current), 412);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifNoneMatch: '*' }, undefined), undefined);
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '*' }, current), 304);
  });

  it('If-Match: strong comparison; * needs an existing resource; a mismatch is 412', () => {
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: '"v2"' }, current), undefined);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: '"v1", "v2"' }, current), undefined);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: '"v1"' }, current), 412);
    assert.equal(
      evaluatePreconditions({ method: 'PUT', ifMatch: 'W/"v2"' }, current),
      412,
      'weak never matches',
    );
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: '"v2"' }, 'W/"v2"'), 412);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: '*' }, current), undefined);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: '*' }, undefined), 412);
    assert.equal(evaluatePreconditions({ method: 'GET', ifMatch: '"v1"' }, current), 412);
    assert.equal(evaluatePreconditions({ method: 'DELETE', ifMatch: '"v2"' }, undefined), 412);
  });

  it('If-Match is evaluated before If-None-Match', () => {
    assert.equal(
      evaluatePreconditions({ method: 'GET', ifMatch: '"v1"', ifNoneMatch: '"v2"' }, current),
      412,
    );
    assert.equal(
      evaluatePreconditions({ method: 'GET', ifMatch: '"v2"', ifNoneMatch: '"v2"' }, current),
      304,
    );
  });

  it('parses commas inside tags and skips malformed members', () => {
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '"a,b"' }, '"a,b"'), 304);
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: 'garbage, "v2"' }, current), 304);
    assert.equal(evaluatePreconditions({ method: 'GET', ifNoneMatch: '"unterminated' }, current), undefined);
    assert.equal(evaluatePreconditions({ method: 'PUT', ifMatch: 'garbage' }, current), 412);
  });

  it('dates: If-Modified-Since → 304 and If-Unmodified-Since → 412, each only without its tag header', () => {
    const lastModified = new Date('2025-01-01T00:00:00.500Z');
    const same = 'Wed, 01 Jan 2025 00:00:00 GMT';
    const before = 'Tue, 31 Dec 2024 00:00:00 GMT';
    assert.equal(evaluatePreconditions({ method: 'GET', ifModifiedSince: same }, current, lastModified), 304);
    assert.equal(
      evaluatePreconditions({ method: 'GET', ifModifiedSince: before }, current, lastModified),
      undefined,
    );
    assert.equal(
      evaluatePreconditions({ method: 'POST', ifModifiedSince: same }, current, lastModified),
      undefined,
    );
    assert.equal(
      evaluatePreconditions(
        { method: 'GET', ifModifiedSince: same, ifNoneMatch: '"v1"' },
        current,
        lastModified,
      ),
      undefined,
      'If-None-Match wins',
    );
    assert.equal(
      evaluatePreconditions({ method: 'PUT', ifUnmodifiedSince: before }, current, lastModified),
      412,
    );
    assert.equal(
      evaluatePreconditions({ method: 'PUT', ifUnmodifiedSince: same }, current, lastModified),
      undefined,
    );
    assert.equal(
      evaluatePreconditions(
        { method: 'PUT', ifUnmodifiedSince: before, ifMatch: '"v2"' },
        current,
        lastModified,
      ),
      undefined,
      'If-Match wins',
    );
    assert.equal(
      evaluatePreconditions({ method: 'GET', ifModifiedSince: 'nonsense' }, current, lastModified),
      undefined,
    );
  });
});
