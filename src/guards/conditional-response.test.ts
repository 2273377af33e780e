import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHttpError, ok, type ResponseParts, success } from '../index.js';
import { etag } from './conditional.js';
import {
  checkPreconditions,
  conditionalSuccess,
  etagForData,
  requestPreconditions,
} from './conditional-response.js';

const body = '{"success":"OK","data":{"id":1}}';
const strong = etag(body);

function parts(result: ReturnType<typeof conditionalSuccess>): ResponseParts {
  assert.ok(!isHttpError(result), 'expected response parts');
  return result as ResponseParts;
}

describe('etagForData', () => {
  it('is the tag of the body ok(data) sends, weak when asked', () => {
    assert.equal(etagForData({ id: 1 }, 'strong'), strong);
    assert.equal(etagForData({ id: 1 }, false), strong);
    assert.equal(etagForData({ id: 1 }, 'weak'), `W/${strong}`);
    assert.notEqual(etagForData({ id: 1 }, 'strong', 'Fine'), strong);
  });
});

describe('conditionalSuccess', () => {
  it('leaves everything alone when off, for other statuses, bodiless parts and unsafe methods', () => {
    const answer = ok({ id: 1 });
    assert.equal(conditionalSuccess(answer, { method: 'GET' }, false), answer);
    assert.equal(conditionalSuccess(answer, { method: 'PUT', ifNoneMatch: '*' }, 'strong'), answer);
    const made = success(201, { id: 1 });
    assert.equal(conditionalSuccess(made, { method: 'GET' }, 'strong'), made);
    const none = success(204);
    assert.equal(conditionalSuccess(none, { method: 'GET' }, 'strong'), none);
  });

  it('tags a 200 to GET and HEAD, strong or weak', () => {
    assert.equal(parts(conditionalSuccess(ok({ id: 1 }), { method: 'GET' }, 'strong')).headers.etag, strong);
    const weak = parts(conditionalSuccess(ok({ id: 1 }), { method: 'HEAD' }, 'weak'));
    assert.equal(weak.headers.etag, `W/${strong}`);
    assert.equal(weak.body, body);
  });

  it('answers 304 without a body but with the ETag when If-None-Match matches (weakly)', () => {
    const answer = ok({ id: 1 }, { headers: { 'cache-control': 'max-age=60' } });
    for (const ifNoneMatch of [strong, `W/${strong}`, `"x", ${strong}`, '*']) {
      const out = parts(conditionalSuccess(answer, { method: 'GET', ifNoneMatch }, 'strong'));
      assert.deepEqual(out, {
        status: 304,
        headers: { 'cache-control': 'max-age=60', etag: strong },
        body: undefined,
      });
    }
    assert.equal(
      parts(conditionalSuccess(answer, { method: 'GET', ifNoneMatch: '"x"' }, 'strong')).status,
      200,
    );
  });

  it("uses the handler's own ETag, from the parts or already on the response", () => {
    const own = ok({ id: 1 }, { headers: { etag: '"v7"' } });
    assert.equal(
      parts(conditionalSuccess(own, { method: 'GET', ifNoneMatch: '"v7"' }, 'strong')).status,
      304,
    );
    const preset = conditionalSuccess(ok({ id: 1 }), { method: 'GET', ifNoneMatch: '"v8"' }, 'weak', '"v8"');
    assert.deepEqual(parts(preset).headers.etag, '"v8"');
    assert.equal(parts(preset).status, 304);
  });

  it('answers 412 on a GET whose If-Match fails', () => {
    const out = conditionalSuccess(ok({ id: 1 }), { method: 'GET', ifMatch: '"old"' }, 'strong');
    assert.ok(isHttpError(out));
    assert.equal(out.status, 412);
  });
});

describe('checkPreconditions', () => {
  it('throws 412 for a stale or weak If-Match and for If-None-Match on writes; passes otherwise', () => {
    const fails = (request: Parameters<typeof checkPreconditions>[0], tag: string | undefined) =>
      assert.throws(
        () => checkPreconditions(request, tag),
        (e: unknown) => isHttpError(e) && e.status === 412,
      );
    fails({ method: 'PUT', ifMatch: '"old"' }, strong);
    fails({ method: 'PUT', ifMatch: `W/${strong}` }, strong);
    fails({ method: 'PUT', ifMatch: '*' }, undefined);
    fails({ method: 'PUT', ifNoneMatch: '*' }, strong);
    checkPreconditions({ method: 'PUT', ifMatch: strong }, strong);
    checkPreconditions({ method: 'PUT', ifMatch: '*' }, strong);
    checkPreconditions({ method: 'PUT' }, strong);
    checkPreconditions({ method: 'PUT', ifNoneMatch: '*' }, undefined);
    checkPreconditions({ method: 'GET', ifNoneMatch: strong }, strong);
  });

  it('reads the conditional headers by lower-case name', () => {
    const headers: Record<string, string> = { 'if-match': '"a"', 'if-none-match': '"b"' };
    assert.deepEqual(
      requestPreconditions('PUT', (name) => headers[name]),
      {
        method: 'PUT',
        ifMatch: '"a"',
        ifNoneMatch: '"b"',
        ifModifiedSince: undefined,
        ifUnmodifiedSince: undefined,
      },
    );
  });
});
