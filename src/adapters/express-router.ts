/**
 * Reads Express's own router (Express 4 keeps it at `app._router`, Express 5 at `app.router`) to
 * tell which methods are routed on a path, so `statuskit/express` can answer 405 with `Allow`,
 * OPTIONS, and read bodies only for requests a route will take.
 */

/**
 * True when the routed methods take this method (`*` for `app.all`; HEAD where GET is routed).
 *
 * @example
 * handles(['GET'], 'HEAD') // true
 */
export function handles(methods: string[], method: string): boolean {
  return methods.includes('*') || methods.includes(method) || (method === 'HEAD' && methods.includes('GET'));
}

/**
 * Every method Express's own router stack (and its sub-routers) routes on a path; `*` for `all`.
 *
 * @example
 * routedMethods(app, '/notes/1') // ['GET', 'PUT']
 */
export function routedMethods(app: any, path: string): string[] {
  let router: any;
  try {
    router = app._router ?? app.router;
  } catch {
    return [];
  }
  const out: string[] = [];
  if (Array.isArray(router?.stack)) collect(router.stack, path, out);
  return out;
}

function collect(stack: any[], path: string, out: string[]): void {
  for (const layer of stack) {
    const matched = matchLayer(layer, path);
    if (matched === undefined) continue;
    const methods = layer.route?.methods;
    if (methods) {
      for (const m in methods) if (methods[m]) out.push(m === '_all' ? '*' : m.toUpperCase());
    } else if (Array.isArray(layer.handle?.stack)) {
      const rest = path.slice(matched.length);
      collect(layer.handle.stack, rest.startsWith('/') ? rest : `/${rest}`, out);
    }
  }
}

/** The part of `path` a layer matches: Express 5 layers answer `match()`, Express 4 ones a regexp. */
function matchLayer(layer: any, path: string): string | undefined {
  try {
    if (Array.isArray(layer.matchers)) {
      const m = layer.match(path);
      return m ? String(m.path ?? '') : undefined;
    }
    const re = layer.regexp;
    if (!(re instanceof RegExp)) return undefined;
    if ((re as any).fast_slash) return '';
    if ((re as any).fast_star) return path;
    return re.exec(path)?.[0];
  } catch {
    return undefined;
  }
}
