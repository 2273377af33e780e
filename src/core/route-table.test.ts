import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatuskitConfigError } from './config-error.js';
import { isHttpError } from './http-error.js';
import { RouteTable, requestPath, unroutedAnswer } from './route-table.js';

function table(): RouteTable<string> {
  return new RouteTable<string>()
    .add('GET', '/items', 'list')
    .add('post', '/items', 'create')
    .add('GET', '/items/:id', 'show')
    .add('DELETE', '/items/:id', 'remove')
    .add('GET', '/items/new', 'form')
    .add('PUT', '/a/:x/b/:y', 'pair');
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  assert.fail('expected a throw');
}

describe('RouteTable', () => {
  it('matches static and parameter patterns, decoding parameters', () => {
    const routes = table();
    assert.deepEqual(routes.match('GET', '/items'), { handler: 'list', params: {} });
    assert.deepEqual(routes.match('POST', '/items'), { handler: 'create', params: {} });
    assert.deepEqual(routes.match('GET', '/items/7'), { handler: 'show', params: { id: '7' } });
    assert.deepEqual(routes.match('GET', '/items/a%20b'), { handler: 'show', params: { id: 'a b' } });
    assert.deepEqual(routes.match('PUT', '/a/1/b/2'), { handler: 'pair', params: { x: '1', y: '2' } });
  });

  it('prefers a static pattern to a parameter one', () => {
    assert.equal(table().match('GET', '/items/new')?.handler, 'form');
    assert.equal(table().match('DELETE', '/items/new')?.handler, 'remove');
  });

  it('lets HEAD use GET, and nothing else fall back', () => {
    assert.equal(table().match('HEAD', '/items/3')?.handler, 'show');
    assert.equal(table().match('PUT', '/items/3'), undefined);
    assert.equal(table().match('HEAD', '/a/1/b/2'), undefined);
  });

  it('matches exactly: no trailing slash, no empty parameter, no extra segment', () => {
    const routes = table();
    assert.equal(routes.match('GET', '/items/'), undefined);
    assert.equal(routes.match('GET', '/items/3/x'), undefined);
    assert.equal(routes.match('GET', '/a//b/2'), undefined);
    assert.equal(routes.match('GET', '/ITEMS'), undefined);
  });

  it('lists the methods of a path over every matching pattern', () => {
    const routes = table();
    assert.deepEqual(routes.methodsFor('/items').sort(), ['GET', 'POST']);
    assert.deepEqual(routes.methodsFor('/items/new').sort(), ['DELETE', 'GET']);
    assert.deepEqual(routes.methodsFor('/nowhere'), []);
  });

  it('refuses a duplicate route, a bad parameter and a path without a slash', () => {
    for (const add of [
      () => table().add('GET', '/items', 'again'),
      () => table().add('GET', '/items/:other', 'again'),
      () => table().add('GET', '/x/:a/:a', 'twice'),
      () => table().add('GET', '/x/:', 'unnamed'),
      () => table().add('GET', 'x', 'relative'),
      () => table().add('G T', '/x', 'space'),
    ]) {
      const error = thrown(add);
      assert.ok(error instanceof StatuskitConfigError);
      assert.equal(error.code, 'ERR_STATUSKIT_INVALID_ROUTE');
    }
  });
});

describe('unroutedAnswer', () => {
  it('answers OPTIONS on a known path with 204 and Allow', () => {
    assert.deepEqual(unroutedAnswer('OPTIONS', ['POST', 'GET']), {
      status: 204,
      headers: { allow: 'GET, HEAD, POST, OPTIONS' },
      body: undefined,
    });
  });

  it('returns 404 for an unknown path, whatever the method', () => {
    for (const method of ['GET', 'OPTIONS', 'PROPFIND']) {
      const error = unroutedAnswer(method, []);
      assert.ok(isHttpError(error));
      assert.equal(error.status, 404);
    }
  });

  it('returns 405 with Allow for a known method, 501 for an unknown one, and never throws', () => {
    const notAllowed = unroutedAnswer('DELETE', ['GET']);
    assert.ok(isHttpError(notAllowed));
    assert.equal(notAllowed.status, 405);
    assert.equal(notAllowed.headers.allow, 'GET, HEAD, OPTIONS');
    const unknown = unroutedAnswer('PROPFIND', ['GET']);
    for (const method of ['', ' ', 'G E T', '\r\n', 'x'.repeat(10_000)]) {
      const answer = unroutedAnswer(method, ['GET']);
      assert.ok(isHttpError(answer) && answer.status === 501, JSON.stringify(method.slice(0, 9)));
    }
    assert.ok(isHttpError(unknown));
    assert.equal(unknown.status, 501);
  });
});

describe('requestPath', () => {
  it('drops the query and reads the absolute form', () => {
    assert.equal(requestPath('/notes/1?full=1'), '/notes/1');
    assert.equal(requestPath('http://example.test/notes/2?x'), '/notes/2');
    assert.equal(requestPath(undefined), '/');
    assert.equal(requestPath('*'), '*');
  });

  it('gives what it is given back unchanged once it is a path', () => {
    for (const target of ['/notes/1?full=1', 'http://example.test/a?b', 'foo://h', '', '*', '/a%3Fb']) {
      const path = requestPath(target);
      assert.equal(requestPath(path), path, target);
    }
    assert.equal(requestPath('foo://h'), '/');
  });

  it('keeps dot segments and their encodings, as the routers dispatch them', () => {
    assert.equal(requestPath('http://h/api/login/%2e%2e/%2e%2e/health'), '/api/login/%2e%2e/%2e%2e/health');
    assert.equal(requestPath('http://h/files/a/../../health?x=1'), '/files/a/../../health');
    assert.equal(requestPath('/files/a/%2E%2E/health'), '/files/a/%2E%2E/health');
    assert.equal(requestPath('http://h'), '/');
    assert.equal(requestPath('http://h?x'), '/');
  });
});
