import { parseArgs, styleText } from 'node:util';
import { describeStatus, listStatus, type StatusEntry, searchStatus } from '../registry/index.js';

type Style = Parameters<typeof styleText>[0];

/** Colour only for a terminal, and never when NO_COLOR is set. */
type Paint = (style: Style, text: string) => string;

function painter(stream: NodeJS.WriteStream): Paint {
  const on = stream.isTTY === true && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
  const plain: Paint = (_style, text) => text;
  return on ? (style, text) => styleText(style, text, { validateStream: false }) : plain;
}

const CLASS_STYLE: Record<string, Extract<Style, string>> = {
  informational: 'cyan',
  success: 'green',
  redirection: 'blue',
  'client-error': 'yellow',
  'server-error': 'red',
};

function card(d: StatusEntry, paint: Paint): string {
  const line = (label: string, value: string) => `  ${paint('dim', label.padEnd(13))}${value}\n`;
  let out = `${paint(['bold', CLASS_STYLE[d.class] ?? 'white'], `${d.code} ${d.phrase}`)}\n`;
  out += line('Message', d.message);
  out += line('Class', `${Math.floor(d.code / 100)}xx ${d.class}`);
  out += line(
    'Registration',
    d.registration + (d.restricted ? ' (statuskit refuses to emit it by default)' : ''),
  );
  out += line('Meaning', d.meaning);
  out += line('When to use', d.whenToUse);
  out += line('Requires', d.requiredHeaders.length ? d.requiredHeaders.join(', ') : 'no particular header');
  if (d.recommendedHeaders.length) out += line('Recommends', d.recommendedHeaders.join(', '));
  if (d.legacyPhrases.length) out += line('Also called', d.legacyPhrases.join(', '));
  out += line('Constant', `Status.${d.constant}${d.errorClass ? `  ·  ${d.errorClass}` : ''}`);
  out += line('Reference', d.ref);
  return out;
}

function row(d: StatusEntry, paint: Paint): string {
  return `${paint(CLASS_STYLE[d.class] ?? 'white', String(d.code))}  ${d.phrase}${d.registration === 'permanent' ? '' : paint('dim', ` (${d.registration})`)}\n`;
}

/**
 * Says what was wrong with the command line when `parseArgs` refused it, in one sentence with
 * balanced quotes (Node's own wording for an unknown option leaves a quote open). Returns
 * `undefined` for an error that is not a usage error.
 *
 * @example
 * try {
 *   parseArgs({ args: ['--bogus'] });
 * } catch (error) {
 *   usageMessage(error); // 'unknown option "--bogus"'
 * }
 */
function usageMessage(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = (error as Error).message;
  const unknown = /^Unknown option '(.*)'\. To specify/s.exec(message);
  if (unknown) return `unknown option ${JSON.stringify(unknown[1])}`;
  const option = /^Option '(.*?)' (.*)$/s.exec(message);
  if (option) return `option ${JSON.stringify(option[1])} ${option[2]}`;
  return message.charAt(0).toLowerCase() + message.slice(1);
}

/**
 * `statuskit <code>`, `statuskit <words…>` and `statuskit list [Nxx]`, with `--json`. Returns the
 * exit status: 0 when something was found, 1 when not (with a message on stderr), 2 on a usage error.
 *
 * @example
 * process.exitCode = await runLookup(['404', '--json'])
 */
export async function runLookup(argv: string[]): Promise<number> {
  let parsed: { values: { json?: boolean | undefined }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } });
  } catch (error) {
    const why = usageMessage(error);
    if (why === undefined) throw error;
    process.stderr.write(`statuskit: ${why}. Run statuskit --help for the commands and options.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const paint = painter(process.stdout);
  const print = (text: string) => process.stdout.write(text);
  const fail = (message: string) => {
    process.stderr.write(`statuskit: ${message}\n`);
    return 1;
  };

  if (positionals[0] === 'list') {
    const cls = positionals[1]?.toLowerCase();
    if (cls !== undefined && !/^[1-5]xx$/.test(cls))
      return fail(`unknown class "${cls}": use 1xx, 2xx, 3xx, 4xx or 5xx.`);
    const entries = listStatus(cls as `${1 | 2 | 3 | 4 | 5}xx` | undefined);
    print(values.json ? `${JSON.stringify(entries, null, 2)}\n` : entries.map((d) => row(d, paint)).join(''));
    return 0;
  }

  const query = positionals.join(' ').trim();
  if (/^\d+$/.test(query)) {
    const entry = describeStatus(Number(query));
    if (!entry) {
      const hint =
        Number(query) >= 100 && Number(query) <= 599 ? 'it is not registered' : 'codes run from 100 to 599';
      return fail(`${query} is not a registered HTTP status code (${hint}). Try: statuskit list`);
    }
    print(values.json ? `${JSON.stringify(entry, null, 2)}\n` : card(entry, paint));
    return 0;
  }
  const exact = describeStatus(query);
  const found = exact ? [exact] : searchStatus(query);
  if (found.length === 0) return fail(`nothing matches "${query}". Try fewer words, or: statuskit list`);
  if (values.json) print(`${JSON.stringify(found, null, 2)}\n`);
  else if (found.length === 1) print(card(found[0]!, paint));
  else print(found.map((d) => row(d, paint)).join(''));
  return 0;
}
