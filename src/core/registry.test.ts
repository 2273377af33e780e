import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { test } from 'node:test';
import { expectedFiles } from '../../scripts/generate.js';
import { describeStatus, findStatus } from '../registry/index.js';
import {
  getStatus,
  isClientError,
  isInformational,
  isRedirect,
  isServerError,
  isSuccess,
  isValidStatus,
  STATUS_ENTRIES,
  statusMessage,
} from './registry.js';
import { Status } from './status.js';

const root = new URL('../../', import.meta.url);
const csv = readFileSync(new URL('data/iana-http-status-codes.csv', root), 'utf8')
  .trim()
  .split('\n')
  .slice(1);

test('every registry entry matches the IANA data file', () => {
  assert.equal(STATUS_ENTRIES.length, csv.length);
  assert.equal(STATUS_ENTRIES.length, 64);
  for (const line of csv) {
    const [code, phrase, ref, registration, legacy] = line.split(',');
    const entry = describeStatus(Number(code));
    assert.ok(entry, `missing ${code}`);
    assert.equal(entry.phrase, phrase);
    assert.equal(entry.registration, registration);
    assert.equal(entry.ref.replace(/ §/, ' ').replace('RFC ', 'RFC'), ref);
    assert.deepEqual(entry.legacyPhrases, legacy ? legacy.split('|') : []);
  }
});

test('every entry has every field of the contract', async () => {
  const { STATUS_DESCRIPTIONS } = await import('../registry/index.js');
  for (const d of STATUS_DESCRIPTIONS) {
    assert.match(d.message, /^[A-Z]/, `${d.code} message`);
    assert.ok(d.meaning.length > 20, `${d.code} meaning`);
    assert.ok(d.whenToUse.length > 20, `${d.code} when to use`);
    assert.equal(
      d.class,
      ['informational', 'success', 'redirection', 'client-error', 'server-error'][
        Math.floor(d.code / 100) - 1
      ],
    );
    assert.equal(Status[d.constant as keyof typeof Status], d.code);
    assert.equal(d.errorClass !== undefined, d.code >= 400);
  }
});

test('the generated files and the status-code table are up to date with data/status-codes.json', () => {
  const table = readFileSync(new URL('docs/status-codes.md', root), 'utf8');
  for (const e of STATUS_ENTRIES)
    assert.ok(table.includes(`| ${e.code} | ${e.phrase} |`), `docs/status-codes.md lists ${e.code}`);
  for (const [path, text] of Object.entries(expectedFiles())) {
    assert.equal(readFileSync(new URL(path, root), 'utf8'), text, `${path} drifted: run npm run generate`);
  }
});

test('messages are sentence case with acronyms kept', () => {
  assert.equal(statusMessage(404), 'Not found');
  assert.equal(statusMessage(405), 'Method not allowed');
  assert.equal(statusMessage(429), 'Too many requests');
  assert.equal(statusMessage(500), 'Internal server error');
  assert.equal(statusMessage(200), 'OK');
  assert.equal(statusMessage(201), 'Created');
  assert.equal(statusMessage(414), 'URI too long');
  assert.equal(statusMessage(505), 'HTTP version not supported');
  assert.equal(statusMessage(499), 'Bad request', 'an unregistered code takes its class default');
});

test('lookups by phrase (any case), legacy phrase and constant name', () => {
  assert.equal(findStatus('not found')?.code, 404);
  assert.equal(findStatus('NOT FOUND')?.code, 404);
  assert.equal(findStatus('Payload Too Large')?.code, 413);
  assert.equal(findStatus('request entity too large')?.code, 413);
  assert.equal(findStatus('Unprocessable Entity')?.code, 422);
  assert.equal(findStatus("I'm a teapot")?.code, 418);
  assert.equal(findStatus('Moved Temporarily')?.code, 302);
  assert.equal(findStatus('Request Time-out')?.code, 408);
  assert.equal(findStatus('TOO_MANY_REQUESTS')?.code, 429);
  assert.equal(findStatus('no such phrase'), undefined);
  assert.equal(getStatus(600), undefined);
  assert.equal(getStatus(404.5), undefined);
  assert.equal(isValidStatus(599), true);
  assert.equal(isValidStatus(600), false);
  assert.equal(isValidStatus(99), false);
});

test("phrases differ from Node's http.STATUS_CODES only where intended", () => {
  const intended: Record<number, string> = {
    104: 'absent from Node',
    306: 'absent from Node',
    413: 'Node: Payload Too Large',
    418: "Node: I'm a Teapot",
    422: 'Node: Unprocessable Entity',
  };
  const differences: number[] = [];
  for (const e of STATUS_ENTRIES) {
    if (STATUS_CODES[e.code] !== e.phrase) differences.push(e.code);
  }
  const extraInNode = Object.keys(STATUS_CODES)
    .map(Number)
    .filter((c) => !getStatus(c));
  assert.deepEqual(differences, Object.keys(intended).map(Number));
  assert.deepEqual(
    extraInNode,
    [509],
    'Node lists 509 Bandwidth Limit Exceeded, which IANA never registered',
  );
});

test('the registry flags: bodies, caching, restriction, required headers', () => {
  for (const code of [100, 101, 103, 204, 205, 304])
    assert.equal(getStatus(code)?.bodyAllowed, false, String(code));
  assert.equal(getStatus(200)?.bodyAllowed, true);
  assert.deepEqual(
    STATUS_ENTRIES.filter((e) => e.restricted).map((e) => e.code),
    [305, 306, 418, 510],
  );
  assert.deepEqual(
    STATUS_ENTRIES.filter((e) => e.cacheable).map((e) => e.code),
    [200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 451, 501],
  );
  assert.deepEqual(describeStatus(405)?.requiredHeaders, ['Allow']);
  assert.deepEqual(describeStatus(401)?.requiredHeaders, ['WWW-Authenticate']);
  assert.equal(getStatus(429)?.noStore, true);
  assert.equal(getStatus(503)?.retryable, true);
});

test('class predicates split 100–599 by class, and nothing outside it', () => {
  const predicates = [isInformational, isSuccess, isRedirect, isClientError, isServerError];
  for (let code = 90; code < 610; code++) {
    const holds = predicates.map((p) => p(code));
    const expected = code >= 100 && code < 600 ? Math.floor(code / 100) - 1 : -1;
    assert.deepEqual(
      holds,
      predicates.map((_, i) => i === expected),
      `${code}`,
    );
  }
});
