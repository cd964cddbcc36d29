/**
 * The report's stylesheet, inlined so the file stands alone (no network, no fonts to fetch):
 * the system UI font, a narrow reading column, cards for sections, tabular figures in tables.
 */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2430; --muted: #5b6472; --line: #e3e6eb; --grid: #edf0f3;
  --card: #ffffff; --page: #f4f5f7; --accent: #0072B2; --gain: #0072B2; --loss: #D55E00; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 28px 20px 48px; }
header.report-header { margin-bottom: 18px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 17px; margin: 0 0 12px; }
.subtitle { color: var(--muted); margin: 0 0 14px; }
.meta { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 0 0 12px; padding: 0; list-style: none; color: var(--muted); }
.meta b { color: var(--ink); font-weight: 600; }
.vol-model { display: inline-block; margin: 4px 0 10px; padding: 6px 12px; border-radius: 6px;
  background: #fff7e6; border: 1px solid #f3d9a4; color: #5c4200; }
.notes { margin: 6px 0 0; padding-left: 18px; color: var(--muted); }
ul.params { display: flex; flex-wrap: wrap; gap: 6px; margin: 0 0 10px; padding: 0; list-style: none; }
ul.params li { background: #eef1f5; border-radius: 5px; padding: 2px 8px; font-size: 13px; font-variant-numeric: tabular-nums; }
.param-key { color: var(--muted); }
h3.subhead { font-size: 15px; margin: 18px 0 8px; }
section.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 18px 20px; margin: 0 0 16px; box-shadow: 0 1px 2px rgba(16, 24, 40, 0.04); }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 16px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi .label { display: block; color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.kpi .value { display: block; font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; margin-top: 2px; }
.kpi .value.pos { color: var(--gain); } .kpi .value.neg { color: var(--loss); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.03em; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
tr.gap td { text-align: center; color: var(--muted); font-style: italic; background: #fafbfc; }
.metric-groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 8px 28px; }
.metric-groups h3 { font-size: 13px; margin: 6px 0 4px; color: var(--muted); text-transform: uppercase; letter-spacing: 0.04em; }
.metric-groups td:first-child { color: var(--muted); }
figure.chart { margin: 0 0 10px; }
figure.chart svg { display: block; width: 100%; height: auto; overflow: visible; }
figcaption { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; margin-bottom: 4px; }
.chart-title { font-weight: 600; }
.unit { color: var(--muted); font-size: 12px; }
.legend { display: inline-flex; flex-wrap: wrap; gap: 4px 14px; margin-left: auto; color: var(--muted); font-size: 12px; }
.legend-item { display: inline-flex; align-items: center; gap: 6px; }
.swatch { display: inline-block; width: 16px; }
.swatch-line { height: 0; border-top: 2.5px solid var(--swatch); }
.swatch-dashed { border-top-style: dashed; }
.swatch-fill { height: 10px; border-radius: 2px; background: var(--swatch); opacity: 0.75; }
.small-multiples { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 24px; }
.pnl-layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2.4fr); gap: 20px; align-items: start; }
@media (max-width: 860px) { .pnl-layout { grid-template-columns: 1fr; } .small-multiples { grid-template-columns: 1fr; } }
.balanced { color: var(--muted); font-size: 12px; margin-top: 6px; }
.muted { color: var(--muted); }
.desc { color: var(--muted); font-size: 12px; }
svg text { font-family: inherit; }
svg .tick { fill: #5b6472; font-size: 11px; font-variant-numeric: tabular-nums; }
svg .grid { stroke: var(--grid); stroke-width: 1; }
svg .grid-x { stroke-dasharray: 2 3; }
svg .axis { stroke: #aab1bc; stroke-width: 1; }
svg .axis-zero { stroke: #8a929e; stroke-width: 1; }
svg .line { fill: none; stroke-linejoin: round; stroke-linecap: round; }
svg .area { opacity: 0.28; stroke: none; }
svg .band { opacity: 0.32; stroke: none; }
svg .reference { stroke: #5b6472; stroke-width: 1; stroke-dasharray: 4 4; }
svg .events { stroke-width: 1.5; fill: none; opacity: 0.8; }
svg .connector { stroke: #8a929e; stroke-width: 1; stroke-dasharray: 2 2; }
svg .bar-label { fill: var(--ink); font-size: 12px; }
svg .bar-label-total { font-weight: 700; }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
dl.definitions { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0 0; font-size: 13px; }
dl.definitions dt { font-weight: 600; } dl.definitions dd { margin: 0; color: var(--muted); }
`
  .trim()
  .replace(/\n\s*/g, '\n');
