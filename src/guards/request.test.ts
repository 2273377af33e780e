import assert from 'node:assert/strict';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { nodeGuardRequest } from './request.js';

function request(url: string, headers: Record<string, string | string[]> = {}): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'POST';
  req.url = url;
  req.headers = headers;
  return req;
}

describe('nodeGuardRequest', () => {
  it('reads the path from req.url, without its query', () => {
    const view = nodeGuardRequest(request('/notes/1?full=1'));
    assert.equal(view.method, 'POST');
    assert.equal(view.path, '/notes/1');
  });

  it('reads the path from the target it is given instead (Express mounts: originalUrl)', () => {
    assert.equal(nodeGuardRequest(request('/1?x=1'), '/api/notes/1?x=1').path, '/api/notes/1');
    assert.equal(nodeGuardRequest(request('/1'), '/api/notes/1').path, '/api/notes/1');
  });

  it('joins repeated headers and answers undefined for missing ones', () => {
    const view = nodeGuardRequest(request('/', { 'x-forwarded-for': ['203.0.113.7', '10.0.0.1'] }));
    assert.equal(view.header('x-forwarded-for'), '203.0.113.7, 10.0.0.1');
    assert.equal(view.header('authorization'), undefined);
  });
});
