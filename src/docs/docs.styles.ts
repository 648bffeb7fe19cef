/** The docs page's stylesheet, inlined into the page: /docs loads nothing from anywhere. */
export const DOCS_CSS = `
:root{--red:#e60023;--ink:#1f1f1f;--muted:#5f5f5f;--line:#e6e6e3;--bg:#f6f6f4;--code:#111827}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--ink);background:var(--bg);line-height:1.55}
a{color:var(--red)}
header.top{display:flex;align-items:center;gap:1rem;padding:.8rem 1.5rem;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
header.top .brand{font-weight:700;font-size:1.1rem}
header.top .version{color:var(--muted);font-size:.85rem}
header.top .back{margin-left:auto;text-decoration:none;font-weight:600}
.layout{display:grid;grid-template-columns:14rem minmax(0,1fr);max-width:84rem;margin:0 auto}
nav.toc{position:sticky;top:3.4rem;align-self:start;padding:1.5rem 1rem;max-height:calc(100vh - 3.4rem);overflow:auto}
nav.toc a{display:block;padding:.25rem .5rem;border-radius:6px;color:var(--ink);text-decoration:none;font-size:.92rem}
nav.toc a:hover{background:#fff}
main{padding:1.5rem 2rem 4rem;min-width:0}
h1{font-size:1.8rem;margin:.2rem 0 .5rem}
h2{font-size:1.35rem;margin:2.5rem 0 .75rem;padding-top:.5rem;border-top:1px solid var(--line)}
h3{font-size:1rem;margin:0 0 .5rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem}
h4{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);margin:1rem 0 .35rem}
.endpoint{background:#fff;border:1px solid var(--line);border-radius:12px;padding:1rem 1.25rem;margin:1rem 0}
.method{font:700 .75rem ui-monospace,SFMono-Regular,Menlo,monospace;padding:.15rem .45rem;border-radius:6px;color:#fff;background:#6b7280}
.method.get{background:#0f766e}.method.post{background:#1d4ed8}.method.put{background:#b45309}.method.patch{background:#7c3aed}.method.delete{background:#b91c1c}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.88em;background:#f1f1ee;padding:.05rem .3rem;border-radius:4px}
code.path{font-size:.95rem;background:none;padding:0}
.summary{color:var(--muted);font-weight:500}
.badge{font-size:.75rem;padding:.1rem .45rem;border-radius:999px;border:1px solid var(--line)}
.badge.status{margin-left:auto;background:#ecfdf5;border-color:#a7f3d0;color:#065f46}
.badge.limit{background:#fff7ed;border-color:#fed7aa;color:#9a3412}
.example{display:grid;grid-template-columns:repeat(auto-fit,minmax(20rem,1fr));gap:1rem}
pre{background:var(--code);color:#e5e7eb;padding:.8rem 1rem;border-radius:8px;overflow:auto;font-size:.82rem;line-height:1.45;margin:0}
details summary{cursor:pointer;color:var(--muted);font-size:.85rem;margin:.4rem 0}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;background:#fff;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#fafaf8}
.note{color:var(--muted);font-size:.92rem}
pre.gap{margin-top:.75rem}
section,article,h4{scroll-margin-top:4rem}
.callout{background:#fff;border-left:4px solid var(--red);padding:.6rem 1rem;border-radius:6px}
ol.steps li{margin:.5rem 0}
@media (max-width:900px){.layout{grid-template-columns:1fr}nav.toc{display:none}main{padding:1rem}}
`;
