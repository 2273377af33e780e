/**
 * The API report: for every entry point in package.json `exports`, the names it exports, the kind
 * of each (function, class, const, interface, type…) and whether its doc comment has an
 * `@example`. One file per entry point under `api/`, checked in, so a change to the public surface
 * shows in review.
 *
 *   tsx scripts/api-report.ts           writes api/*.api.md and the reference pages docs/reference/*.md
 *   tsx scripts/api-report.ts --check   writes nothing; exits 1 when a report or a reference page no
 *                                       longer matches the sources, or an export of a documented entry
 *                                       lacks an example
 *
 * It reads the TypeScript sources (Biome keeps their top-level statements at column 0) rather than
 * the TypeScript API, which the native compiler does not offer; test/api-report.test.ts holds the
 * result against what each entry exports at run time.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Docs = 'example' | 'summary' | 'none';

export interface ExportedName {
  name: string;
  comment?: string | undefined;
  declaration?: string | undefined;
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
  /** The doc comment's text, without the comment markers. */
  comment?: string | undefined;
  /** The declaration as written (an interface or type in full, a function up to its body). */
  declaration?: string | undefined;
}

function commentBefore(text: string, index: number): string | undefined {
  const before = text.slice(0, index).trimEnd();
  if (!before.endsWith('*/')) return undefined;
  const start = before.lastIndexOf('/**');
  if (start < 0) return undefined;
  return before
    .slice(start + 3, -2)
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

function docsBefore(text: string, index: number): Docs {
  const comment = commentBefore(text, index);
  if (comment === undefined) return 'none';
  return /@example\b/.test(comment) ? 'example' : 'summary';
}

/** The declaration at `index`: an interface, type or enum in full; a function or class up to its body; a const up to its value. */
function declarationAt(text: string, index: number, kind: string): string {
  const lines = text.slice(index).split('\n');
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    if (kind === 'interface' || kind === 'enum') {
      if (/^}/.test(line) || /^export .*\{\s*\}\s*$/.test(line)) break;
    } else if (kind === 'type') {
      if (/;\s*$/.test(line)) break;
    } else if (/(\{|;|=>|=)\s*$/.test(line) || /\) \{$/.test(line)) break;
    if (out.length >= 40) break;
  }
  let decl = out.join('\n');
  if (kind === 'const' || kind === 'let' || kind === 'var')
    decl = decl.replace(/\s*=[^=>][\s\S]*$|\s*=$/, ';');
  else if (kind === 'function' || kind === 'class') decl = decl.replace(/\s*\{\s*$/, '');
  return decl.replace(/^export (declare )?/, '');
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
      ...had,
      kind: `${had.kind} + ${found.kind}`,
      docs: had.docs === 'example' || found.docs === 'example' ? 'example' : had.docs,
      declaration: [had.declaration, found.declaration].filter(Boolean).join('\n'),
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
    const kind = m[1]!.replace('*', '');
    merge(out, m[2]!, {
      kind,
      docs: docsBefore(text, m.index),
      from,
      comment: commentBefore(text, m.index),
      declaration: declarationAt(text, m.index, kind),
    });
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
        if (local) {
          const kind = local[1]!.replace('*', '');
          found = {
            kind,
            docs: docsBefore(text, local.index),
            from,
            comment: commentBefore(text, local.index),
            declaration: declarationAt(text, local.index, kind),
          };
        }
      }
      if (!found) throw new Error(`${from}: cannot find what \`${s.name}\` is`);
      // `export { type X }` exports only the type side of a name that is also a value (a class's
      // instance type included): nothing of it exists at run time.
      const kind =
        m[1] || s.type
          ? found.kind
              .split(' + ')
              .map((k) => (k === 'class' ? 'class type' : k))
              .filter((k) => !VALUE_KINDS.has(k))
              .join(' + ') || 'type'
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

export const referenceFile = (specifier: string): string =>
  `docs/reference/${specifier.replace(/\//g, '-')}.md`;

/** A doc comment as markdown: the description, then each `@example` as a code block. */
function commentMarkdown(comment: string | undefined): string {
  if (comment === undefined) return '_No doc comment._';
  const [description, ...tags] = comment.split(/^(?=@\w+)/m);
  const out = [description!.trim()];
  for (const tag of tags) {
    const [, name, body] = /^@(\w+)\s?([\s\S]*)$/.exec(tag) ?? [];
    const text = (body ?? '').trim();
    if (name === 'example') {
      const code = text.replace(/^```\w*\n?|\n?```$/g, '');
      out.push(`Example:\n\n\`\`\`ts\n${code}\n\`\`\``);
    } else if (name === 'deprecated') out.push(`**Deprecated.** ${text}`);
    else if (name !== 'module' && name !== 'internal') out.push(`_@${name}_ ${text}`);
  }
  return out
    .filter(Boolean)
    .join('\n\n')
    .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`');
}

/** The reference page of one entry point, generated from the doc comments. */
export function renderReference(report: EntryReport): string {
  const anchor = (name: string) => name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  const lines = [
    `# \`${report.specifier}\``,
    '',
    `Every export of \`${report.specifier}\`, from its doc comments. Generated by \`npm run api:report\`` +
      ' from the sources; do not edit by hand. `npm run api:check` fails when this page is stale.',
    '',
    ...report.names.map((n) => `- [\`${n.name}\`](#${anchor(n.name)}) (${n.kind})`),
    '',
  ];
  for (const n of report.names) {
    lines.push(`## \`${n.name}\``, '', `${n.kind}, declared in \`${n.from}\``, '');
    if (n.declaration) lines.push('```ts', n.declaration.trim(), '```', '');
    lines.push(commentMarkdown(n.comment), '');
  }
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
    const page = referenceFile(r.specifier);
    let pageText: string | undefined;
    try {
      pageText = readFileSync(join(root, page), 'utf8');
    } catch {
      pageText = undefined;
    }
    if (pageText !== renderReference(r)) out.push(`${page} is stale: run npm run api:report`);
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
    mkdirSync(join(root, 'docs/reference'), { recursive: true });
    const reports = apiReports();
    for (const r of reports) {
      writeFileSync(join(root, reportFile(r.specifier)), renderReport(r));
      writeFileSync(join(root, referenceFile(r.specifier)), renderReference(r));
    }
    process.stdout.write(`api-report: wrote ${reports.length} reports under api/ and docs/reference/\n`);
  }
}
