/**
 * The API report: for every entry point in package.json `exports`, the names it exports, the kind
 * of each (function, class, const, interface, type…) and whether its doc comment has an
 * `@example`. One file per entry point under `api/`, checked in, so a change to the public surface
 * shows in review.
 *
 *   tsx scripts/api-report.ts           writes api/*.api.md
 *   tsx scripts/api-report.ts --check   writes nothing; exits 1 when a report no longer matches the
 *                                       sources, or an export of a documented entry lacks an example
 *
 * It reads the TypeScript sources (Biome keeps their top-level statements at column 0) rather than
 * the TypeScript API, which the native compiler does not offer; test/api-report.test.ts holds the
 * result against what each entry exports at run time.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Docs = 'example' | 'summary' | 'none';

export interface ExportedName {
  name: string;
  /** `function`, `class`, `const`, `interface`, `type`…; `const + type` for a value and a type of one name. */
  kind: string;
  docs: Docs;
  /** The file that declares it, relative to the project. */
  from: string;
}

export interface EntryReport {
  /** What a user imports, e.g. `statuskit/registry`. */
  specifier: string;
  source: string;
  names: ExportedName[];
}

/** Entries whose every export must carry an `@example`. */
export const DOCUMENTED = new Set(['statuskit', 'statuskit/registry']);

const VALUE_KINDS = new Set(['function', 'class', 'const', 'let', 'var', 'enum', 'namespace']);
/** True when the kind exists at run time (an import of the module yields it). */
export const isValueKind = (kind: string): boolean => kind.split(' + ').some((k) => VALUE_KINDS.has(k));

const root = fileURLToPath(new URL('..', import.meta.url));
const DECL =
  /^export (?:declare )?(?:default )?(?:abstract )?(?:async )?(function\*?|class|const|let|var|interface|type|enum|namespace) ([\w$]+)/gm;
const LOCAL_DECL = (name: string) =>
  new RegExp(
    `^(?:declare )?(?:abstract )?(?:async )?(function\\*?|class|const|let|var|interface|type|enum|namespace) ${name}\\b`,
    'm',
  );
const REEXPORT = /^export (type )?\{([^}]*)\}(?: from '([^']+)')?;/gm;
const STAR = /^export \* from '([^']+)';/gm;
const IMPORT = /^import (type )?\{([^}]*)\} from '([^']+)';/gm;

interface Found {
  kind: string;
  docs: Docs;
  from: string;
}

function docsBefore(text: string, index: number): Docs {
  const before = text.slice(0, index).trimEnd();
  if (!before.endsWith('*/')) return 'none';
  const start = before.lastIndexOf('/**');
  if (start < 0) return 'none';
  return /@example\b/.test(before.slice(start)) ? 'example' : 'summary';
}

const cache = new Map<string, Map<string, Found>>();

function resolveFile(fromFile: string, specifier: string): string {
  return join(dirname(fromFile), specifier.replace(/\.js$/, '.ts'));
}

function specs(list: string): { type: boolean; name: string; as: string }[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const type = s.startsWith('type ');
      const [name, as] = s.replace(/^type /, '').split(/\s+as\s+/);
      return { type, name: name!, as: as ?? name! };
    });
}

function merge(into: Map<string, Found>, name: string, found: Found): void {
  const had = into.get(name);
  if (!had) into.set(name, found);
  else if (!had.kind.split(' + ').includes(found.kind)) {
    into.set(name, {
      kind: `${had.kind} + ${found.kind}`,
      docs: had.docs === 'example' || found.docs === 'example' ? 'example' : had.docs,
      from: had.from,
    });
  }
}

/** Every name a module exports, following `export … from` and `export *` into the files they name. */
export function moduleExports(file: string): Map<string, Found> {
  const cached = cache.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const out = new Map<string, Found>();
  cache.set(file, out);
  const from = relative(root, file);
  for (const m of text.matchAll(DECL)) {
    merge(out, m[2]!, { kind: m[1]!.replace('*', ''), docs: docsBefore(text, m.index), from });
  }
  const imported = new Map<string, { file: string; name: string }>();
  for (const m of text.matchAll(IMPORT)) {
    for (const s of specs(m[2]!)) imported.set(s.as, { file: resolveFile(file, m[3]!), name: s.name });
  }
  for (const m of text.matchAll(REEXPORT)) {
    for (const s of specs(m[2]!)) {
      const target = m[3] ? { file: resolveFile(file, m[3]), name: s.name } : imported.get(s.name);
      let found: Found | undefined;
      if (target) found = moduleExports(target.file).get(target.name);
      else {
        const local = LOCAL_DECL(s.name).exec(text);
        if (local) found = { kind: local[1]!.replace('*', ''), docs: docsBefore(text, local.index), from };
      }
      if (!found) throw new Error(`${from}: cannot find what \`${s.name}\` is`);
      // `export { type X }` exports only the type side of a name that is also a value.
      const kind =
        m[1] || s.type
          ? found.kind
              .split(' + ')
              .filter((k) => !VALUE_KINDS.has(k) || k === 'class')
              .join(' + ') || found.kind
          : found.kind;
      merge(out, s.as, { ...found, kind });
    }
  }
  for (const m of text.matchAll(STAR)) {
    for (const [name, found] of moduleExports(resolveFile(file, m[1]!))) {
      if (name !== 'default' && !out.has(name)) out.set(name, found);
    }
  }
  return out;
}

/** The entry points of package.json `exports`, as import specifiers and the source file of each. */
export function entryPoints(): { specifier: string; source: string }[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { default: string }>;
  };
  return Object.entries(pkg.exports)
    .filter(([key]) => key !== './package.json')
    .map(([key, target]) => {
      const built = typeof target === 'string' ? target : target.default;
      return {
        specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`,
        source: built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'),
      };
    });
}

/**
 * The report of every entry point.
 *
 * @example
 * apiReports().find((r) => r.specifier === 'statuskit/registry')?.names.map((n) => n.name)
 */
export function apiReports(): EntryReport[] {
  return entryPoints().map(({ specifier, source }) => ({
    specifier,
    source,
    names: [...moduleExports(join(root, source))]
      .map(([name, found]) => ({ name, ...found }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  }));
}

export const reportFile = (specifier: string): string => `api/${specifier.replace(/\//g, '-')}.api.md`;

/** The checked-in text of one report. */
export function renderReport(report: EntryReport): string {
  const values = report.names.filter((n) => isValueKind(n.kind)).length;
  const lines = [
    `# \`${report.specifier}\``,
    '',
    `The public surface of \`${report.specifier}\` (from \`${report.source}\`): ${report.names.length} names, ` +
      `${values} of them values at run time. Generated by \`npm run api:report\`; \`npm run api:check\` ` +
      'fails when the sources no longer match, so a change to what users can import is seen in review.',
    '',
    '| name | kind | doc comment | declared in |',
    '|---|---|---|---|',
    ...report.names.map(
      (n) =>
        `| \`${n.name}\` | ${n.kind} | ${n.docs === 'example' ? 'with @example' : n.docs === 'summary' ? 'no @example' : '**none**'} | \`${n.from}\` |`,
    ),
    '',
  ];
  return lines.join('\n');
}

/** What `--check` complains about: reports that drifted, stale files, documented entries' gaps. */
export function problems(reports: EntryReport[] = apiReports()): string[] {
  const out: string[] = [];
  const expected = new Set(reports.map((r) => reportFile(r.specifier)));
  for (const r of reports) {
    const file = reportFile(r.specifier);
    let current: string | undefined;
    try {
      current = readFileSync(join(root, file), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== renderReport(r))
      out.push(`${file} does not match the sources: run npm run api:report and review the change`);
    if (DOCUMENTED.has(r.specifier)) {
      for (const n of r.names.filter((x) => x.docs !== 'example'))
        out.push(`${r.specifier}: ${n.name} (${n.from}) has no doc comment with an @example`);
    }
  }
  for (const f of readdirSync(join(root, 'api'))) {
    if (f.endsWith('.api.md') && !expected.has(`api/${f}`))
      out.push(`api/${f} reports an entry point package.json no longer has`);
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--check')) {
    const found = problems();
    for (const p of found) process.stderr.write(`api-report: ${p}\n`);
    process.exitCode = found.length > 0 ? 1 : 0;
  } else {
    for (const r of apiReports()) writeFileSync(join(root, reportFile(r.specifier)), renderReport(r));
    process.stdout.write(`api-report: wrote ${apiReports().length} reports under api/\n`);
  }
}
