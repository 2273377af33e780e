/** The reference page's style sheet: inline, no external fonts or images, light and dark. */
export const PAGE_STYLE = `
:root{color-scheme:light dark;--bg:#f7f7f5;--card:#fff;--text:#1d1d1f;--muted:#5b5b62;--line:#dedee3;
--c1:#5a6b8c;--c2:#1f7a3d;--c3:#1f5fa8;--c4:#a85a00;--c5:#b3261e;--focus:#2563eb}
@media (prefers-color-scheme:dark){:root{--bg:#151517;--card:#1f1f23;--text:#ececf0;--muted:#a4a4ad;
--line:#34343a;--c1:#9fb0d6;--c2:#5fd08a;--c3:#7db4ff;--c4:#ffb35c;--c5:#ff8a80;--focus:#7db4ff}}
*{box-sizing:border-box}
[hidden]{display:none!important}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--c3)}
a:focus-visible,input:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
header{position:sticky;top:0;z-index:1;background:var(--bg);border-bottom:1px solid var(--line);padding:12px 0}
.wrap{max-width:1180px;margin:0 auto;padding:0 16px}
h1{font-size:1.35rem;margin:0 0 2px}
.lead{margin:0 0 10px;color:var(--muted);font-size:.95rem}
.lead code{white-space:nowrap}
.bar{display:flex;gap:10px;align-items:center;flex-wrap:wrap}
input[type=search]{flex:1 1 260px;min-width:0;font:inherit;padding:9px 12px;border:1px solid var(--line);
border-radius:8px;background:var(--card);color:var(--text)}
#count{color:var(--muted);font-size:.9rem;white-space:nowrap}
nav{display:flex;gap:6px;flex-wrap:wrap;margin-top:8px}
nav a{font-size:.85rem;text-decoration:none;border:1px solid var(--line);border-radius:999px;padding:2px 10px;background:var(--card)}
main{padding-top:8px;padding-bottom:40px}
section{margin-top:18px;scroll-margin-top:200px}
h2{font-size:1.1rem;margin:0 0 4px;padding-left:10px;border-left:4px solid var(--accent)}
.class-note{margin:0 0 10px;color:var(--muted);font-size:.92rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,340px),1fr));gap:12px}
article{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--accent);border-radius:10px;
padding:12px 14px;display:flex;flex-direction:column;gap:6px;min-width:0}
article h3{margin:0;font-size:1rem;display:grid;grid-template-columns:auto minmax(0,1fr);gap:8px;align-items:baseline}
.phrase{min-width:0;overflow-wrap:anywhere}
.num{font:700 1.25rem/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--accent)}
.tags{display:flex;gap:6px;flex-wrap:wrap}
.tag{font-size:.75rem;border:1px solid var(--line);border-radius:999px;padding:0 8px;color:var(--muted)}
.tag.warn{border-color:var(--c5);color:var(--c5)}
dl{margin:0;display:grid;grid-template-columns:max-content 1fr;gap:4px 10px;font-size:.92rem}
dt{color:var(--muted)}
dd{margin:0;min-width:0;overflow-wrap:anywhere}
code{font:.86rem ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:color-mix(in srgb,var(--line) 45%,transparent);
padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}
.try{align-self:flex-start;margin-top:auto;font-weight:600;text-decoration:none;border:1px solid var(--accent);
color:var(--accent);border-radius:6px;padding:3px 10px}
.try:hover{background:color-mix(in srgb,var(--accent) 12%,transparent)}
#empty{padding:24px 0;color:var(--muted)}
.c1{--accent:var(--c1)}.c2{--accent:var(--c2)}.c3{--accent:var(--c3)}.c4{--accent:var(--c4)}.c5{--accent:var(--c5)}
@media (max-width:560px){dl{grid-template-columns:1fr}dt{margin-top:4px}header{padding:10px 0;position:static}.wrap{padding:0 12px}section{scroll-margin-top:8px}.lead{font-size:.9rem}}
`.trim();
