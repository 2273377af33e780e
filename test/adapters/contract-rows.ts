/**
 * The rows of docs/design/automatic-answers.md (and the wire format of §1) checked against one adapter's fixture app;
 * each adapter test runs them on its fixture(s). The cross-framework scenario table lives elsewhere.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningApp } from '../fixtures/serve-on-free-port.js';
import { type Answer, call, chunked, head, raw } from './http-client.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Asserts an error answer: status, envelope message, JSON type and no-store. */
export function assertError(answer: Answer, status: number, error: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers.get('content-type'), JSON_TYPE);
  assert.equal(answer.json?.error, error);
  assert.equal(answer.headers.get('cache-control'), 'no-store');
}

export function describeContractRows(name: string, startApp: () => Promise<RunningApp>): void {
  describe(`${name}: docs/design/wire-format.md and automatic-answers.md on the fixture app`, () => {
    let url = '';
    let close = async () => {};
    before(async () => ({ url, close } = await startApp()));
    after(() => close());

    it('answers successes through the ctx helpers', async () => {
      const list = await call(`${url}/items`);
      assert.equal(list.status, 200);
      assert.equal(list.text, '{"success":"OK","data":[{"id":1}]}');
      const made = await call(`${url}/items`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"name":"x"}',
      });
      assert.equal(made.status, 201);
      assert.equal(made.headers.get('location'), '/items/2');
      assert.deepEqual(made.json, { success: 'Created', data: { name: 'x' } });
      assert.deepEqual((await call(`${url}/items/1`)).json, { success: 'OK', data: { id: 1 } });
      const put = await call(`${url}/items/1`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '[1]',
      });
      assert.deepEqual(put.json, { success: 'OK', data: [1] });
      for (const path of ['/items/1', '/no-content']) {
        const gone = await call(`${url}${path}`, { method: path === '/items/1' ? 'DELETE' : 'GET' });
        assert.equal(gone.status, 204);
        assert.equal(gone.text, '');
        assert.equal(gone.headers.get('content-type'), null);
      }
      const moved = await call(`${url}/redirect`);
      assert.equal(moved.status, 302);
      assert.equal(moved.headers.get('location'), '/items');
    });

    it('answers 404 for an unknown route and for a thrown NotFoundError', async () => {
      assertError(await call(`${url}/nowhere`), 404, 'Not found');
      assertError(await call(`${url}/items/9`), 404, 'Item not found');
    });

    it('answers 405 with Allow, 204 with Allow for OPTIONS, and 501 for unknown methods', async () => {
      const wrong = await call(`${url}/items`, { method: 'DELETE' });
      assertError(wrong, 405, 'Method not allowed');
      assert.equal(wrong.headers.get('allow'), 'GET, HEAD, POST, OPTIONS');
      const options = await call(`${url}/items/5`, { method: 'OPTIONS' });
      assert.equal(options.status, 204);
      assert.equal(options.headers.get('allow'), 'GET, HEAD, PUT, DELETE, OPTIONS');
      assert.equal(options.text, '');
      assertError(
        await call(`${url}/items`, { method: 'PROPFIND' }),
        501,
        'Method PROPFIND is not implemented',
      );
      const foo = await raw(url, head('FOO', '/items'));
      assert.equal(foo.status, 501);
      assert.equal(JSON.parse(foo.body).error, 'Not implemented');
    });

    it('answers HEAD with the GET status and headers, without the body', async () => {
      const get = await call(`${url}/items`);
      const res = await raw(url, head('HEAD', '/items'));
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-length'], get.headers.get('content-length'));
      assert.equal(res.headers['content-type'], JSON_TYPE);
      assert.equal(res.body, '');
    });

    it('answers body errors: 400 malformed, 415 wrong type, 413 early, chunked and before 100 Continue', async () => {
      const post = (body: string, type = 'application/json') =>
        call(`${url}/items`, { method: 'POST', headers: { 'content-type': type }, body });
      assertError(await post('{"name":'), 400, 'Malformed JSON body');
      assertError(await post('name=x', 'text/plain'), 415, 'Content-Type must be application/json');
      assertError(await post('x'.repeat(2000)), 413, 'Request body is larger than 1024 bytes');
      const overflow = await raw(
        url,
        head('POST', '/items', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }) +
          chunked(4096),
      );
      assert.equal(overflow.status, 413);
      let continued = false;
      const early = await raw(
        url,
        head('POST', '/items', {
          'content-type': 'application/json',
          'content-length': 5000,
          expect: '100-continue',
        }),
        (received, write) => {
          continued = received.startsWith('HTTP/1.1 100');
          write('x'.repeat(5000));
        },
      );
      assert.equal(continued, false);
      assert.equal(early.status, 413);
    });

    it('reads bodies only for routed requests: an unknown route stays 404, a wrong method 405', async () => {
      const init = { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' };
      assert.equal((await call(`${url}/nowhere`, init)).status, 404);
      assert.equal((await call(`${url}/items/1`, init)).status, 405);
    });

    it('answers 400 for invalid percent-encoding in the path', async () => {
      assertError(await call(`${url}/items/%E0%A4%A`), 400, 'Malformed URL encoding');
      assertError(await call(`${url}/items/%FF`), 400, 'Malformed URL encoding');
    });

    it('answers thrown errors from statuskit and other libraries in the envelope', async () => {
      assertError(await call(`${url}/http-errors`), 404, 'Gone missing');
      assertError(await call(`${url}/boom`), 409, 'Boom conflict');
      assertError(await call(`${url}/framework-error`), 403, 'Nope');
      const limited = await call(`${url}/rate-limited`);
      assertError(limited, 429, 'Too many requests');
      assert.equal(limited.headers.get('retry-after'), '5');
      assertError(await call(`${url}/exposed`), 503, 'Back soon');
      assert.deepEqual((await call(`${url}/coded`)).json, { error: 'Title taken', code: 'TITLE_TAKEN' });
      const invalid = await call(`${url}/validate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      assertError(invalid, 400, 'Validation failed');
      assert.equal(invalid.json.details[0].path, 'name');
    });

    it('hides 5xx messages', async () => {
      for (const path of ['/crash', '/async-crash', '/http-errors-500']) {
        const answer = await call(`${url}${path}`);
        assertError(answer, 500, 'Internal server error');
        assert.equal(answer.text, '{"error":"Internal server error"}');
      }
    });

    it('sends problem details when Accept prefers them', async () => {
      const answer = await call(`${url}/items/9`, { headers: { accept: 'application/problem+json' } });
      assert.equal(answer.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.deepEqual(answer.json, {
        type: 'about:blank',
        title: 'Not Found',
        status: 404,
        detail: 'Item not found',
      });
    });

    it('ends the connection on an error after the headers were sent, and keeps serving', async () => {
      const late = await raw(url, head('GET', '/late-error'));
      assert.equal(late.status, 200);
      assert.equal(late.headers['transfer-encoding'], 'chunked');
      assert.ok(!late.body.endsWith('0\r\n\r\n'), 'the chunked body must not be terminated');
      assert.equal((await call(`${url}/items`)).status, 200);
    });

    it("answers Node's client errors in the envelope: bad request line, no Host, header overflow", async () => {
      const bad = await raw(url, 'GET /items HTTP/1.1 x\r\n\r\n');
      assert.equal(bad.status, 400);
      assert.equal(JSON.parse(bad.body).error, 'Bad request');
      const hostless = await raw(url, 'GET /items HTTP/1.1\r\nconnection: close\r\n\r\n');
      assert.equal(hostless.status, 400);
      assert.equal(JSON.parse(hostless.body).error, 'Bad request');
      const big = await raw(url, head('GET', '/items', { 'x-big': 'a'.repeat(20_000) }));
      assert.equal(big.status, 431);
      assert.equal(JSON.parse(big.body).error, 'Request header fields too large');
    });
  });
}
