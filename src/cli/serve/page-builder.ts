import { escapeHtml } from './page-escape.js';

const FAULTS = [
  ['', 'none'],
  ['abort=before-headers', 'abort before the headers'],
  ['abort=after-headers', 'abort after the headers'],
  ['abort=mid-body', 'abort mid-body'],
  ['dribble=1:100', 'dribble, 1 byte per 100 ms'],
  ['sleepAfterHeaders=1000', 'sleep 1 s after the headers'],
] as const;

/**
 * The "try it" builder of the reference page: pick a code, a sleep, a fault and a response
 * header, and it shows the URL (a link) and the curl line for them. `maxSleepMs` bounds the sleep.
 *
 * @example
 * builderHtml(30_000) // '<details id="builder" …'
 */
export function builderHtml(maxSleepMs: number): string {
  const options = FAULTS.map(
    ([value, label]) => `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`,
  );
  return `<details id="builder" class="builder" open>
<summary><h2>Try it: build a request</h2></summary>
<form id="builder-form" autocomplete="off">
<div class="fields">
<label>Code <input id="b-code" inputmode="numeric" maxlength="3" value="503" aria-describedby="b-note"></label>
<label>Sleep before the headers (ms) <input id="b-sleep" type="number" min="0" max="${maxSleepMs}" step="100" value="0"></label>
<label>Fault <select id="b-fault">${options.join('')}</select></label>
<label>Response header <input id="b-header" placeholder="X-Trace: abc"></label>
</div>
<p id="b-note" class="note" aria-live="polite"></p>
<div class="out"><span>URL</span><a id="b-url" href="/503">/503</a><span>curl</span><code id="b-curl">curl -i /503</code></div>
</form>
</details>`;
}

/** The builder's style, added to the page's style sheet. */
export const BUILDER_STYLE = `
.builder{--accent:var(--c3);background:var(--card);border:1px solid var(--line);border-radius:10px;padding:10px 14px;margin-top:14px}
.builder summary{cursor:pointer;list-style-position:outside}
.builder summary h2{display:inline-block;margin:0}
.fields{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,200px),1fr));gap:10px;margin-top:10px}
.fields label{display:flex;flex-direction:column;gap:3px;font-size:.85rem;color:var(--muted);min-width:0}
.fields input,.fields select{font:inherit;font-size:1rem;color:var(--text);background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:6px 8px;min-width:0;width:100%}
.fields input:focus-visible,.fields select:focus-visible,.builder summary:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.note{margin:6px 0 0;color:var(--c5);font-size:.9rem;min-height:1.2em}
.out{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:4px 10px;align-items:baseline;font-size:.92rem}
.out span{color:var(--muted)}
.out a,.out code{overflow-wrap:anywhere;min-width:0}
`.trim();

/** The builder's script, added to the page's script: rebuilds the URL and curl line on every input. */
export const BUILDER_SCRIPT = `
(function () {
  var form = document.getElementById('builder-form');
  if (!form) return;
  function $(id) { return document.getElementById(id); }
  function build() {
    var code = $('b-code').value.trim();
    var problems = [];
    if (!/^[1-5][0-9][0-9]$/.test(code)) problems.push('The code is three digits from 100 to 599.');
    var params = [];
    var sleep = $('b-sleep').value.trim();
    var max = Number($('b-sleep').max);
    if (sleep !== '' && sleep !== '0') {
      if (!/^[0-9]+$/.test(sleep) || Number(sleep) > max) problems.push('Sleep is a whole number of milliseconds up to ' + max + '.');
      else params.push('sleep=' + sleep);
    }
    if ($('b-fault').value) params.push($('b-fault').value);
    var header = $('b-header').value.trim();
    if (header) {
      var colon = header.indexOf(':');
      var name = colon > 0 ? header.slice(0, colon).trim() : '';
      if (!/^[A-Za-z0-9!#$%&'*+.^_\`|~-]+$/.test(name)) problems.push('The header is Name: Value, e.g. X-Trace: abc.');
      else params.push('header=' + encodeURIComponent(name + ':' + header.slice(colon + 1).trim()));
    }
    var url = location.origin + '/' + (problems.length ? code.replace(/[^0-9]/g, '') : code);
    if (params.length) url += '?' + params.join('&');
    url = url.replace(/'/g, '%27');
    $('b-note').textContent = problems.join(' ');
    $('b-url').textContent = url;
    $('b-url').href = url;
    $('b-url').setAttribute('aria-disabled', problems.length ? 'true' : 'false');
    $('b-curl').textContent = "curl -i '" + url + "'";
  }
  form.addEventListener('input', build);
  form.addEventListener('submit', function (e) { e.preventDefault(); });
  build();
})();
`.trim();
