import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type } from 'arktype';
import * as v from 'valibot';
import { z } from 'zod';
import { createErrorResponder } from './error-response.js';
import { isHttpError } from './http-error.js';
import { validate } from './validate.js';

const respond = createErrorResponder({ logger: false });
const schemas = {
  zod: z.object({ title: z.string().min(1), tags: z.array(z.string()) }),
  valibot: v.object({ title: v.pipe(v.string(), v.minLength(1)), tags: v.array(v.string()) }),
  arktype: type({ title: 'string > 0', tags: 'string[]' }),
};

for (const [library, schema] of Object.entries(schemas)) {
  test(`${library}: a valid value is returned parsed`, async () => {
    assert.deepEqual(await validate(schema, { title: 'a', tags: ['x'] }), { title: 'a', tags: ['x'] });
  });

  test(`${library}: an invalid value is a 400 with details naming each path`, async () => {
    const error = await validate(schema, { title: '', tags: ['x', 3] }).catch((e: unknown) => e);
    assert.ok(isHttpError(error));
    assert.equal(error.status, 400);
    const paths = error.details?.map((d) => d.path).sort();
    assert.deepEqual(paths, ['tags.1', 'title']);
    for (const d of error.details ?? []) assert.ok(d.message.length > 0);
    const body = JSON.parse(respond(error).body!);
    assert.equal(body.error, 'Validation failed');
    assert.equal(body.details.length, 2);
  });

  test(`${library}: 422 when configured`, async () => {
    const error = await validate(schema, null, { status: 422 }).catch((e: unknown) => e);
    assert.ok(isHttpError(error));
    assert.equal(error.status, 422);
  });
}
