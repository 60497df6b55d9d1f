/**
 * The inline button's styles, scoped by its shadow root: nothing here reaches WebORCA, and `all: initial` keeps
 * WebORCA's inherited styles (the bar's white text, its alignment) out of ours.
 *
 * No layout shift: the button is no taller than WebORCA's own `更新` (14 px text on a 21 px line, 2 px padding,
 * 1 px border = 27 px), and everything that grows (progress, confirmation, outcome) is a panel positioned over the
 * page, not in its flow. Terse on purpose: it ships in the content script, which must stay under 15 KB.
 * Button borders use currentColor, so a tone class (ok, warn, err) colours text and border at once.
 */
export const INLINE_CSS =
  ':host{all:initial;display:inline-block;position:relative;vertical-align:middle;margin:0 6px;font:14px/1.5 system-ui,sans-serif;color:#123}' +
  'button{font:inherit;cursor:pointer;border-radius:4px;border:1px solid;background:#fff;color:#15a;padding:3px 14px}' +
  ':focus-visible{outline:3px solid #fb0}' +
  '.b{display:flex;gap:6px;padding:2px 12px;font-weight:700;white-space:nowrap}' +
  '.ok{color:#173}.warn{color:#740}.err{color:#b02}' +
  'i{font-style:normal;width:14px}' +
  '.s{height:14px;margin-top:3px;border:2px solid;border-right-color:#0000;border-radius:50%;animation:r 1s linear infinite}' +
  '@keyframes r{to{rotate:1turn}}' +
  '#p{position:absolute;top:110%;left:0;z-index:2147483000;width:360px;max-width:90vw;padding:12px 14px;background:#fff;border:1px solid #bcd;border-radius:8px;box-shadow:0 6px 20px #0004;font-size:13px;overflow-wrap:anywhere}' +
  '#p.e{left:auto;right:0}' +
  'h2{font-size:1.1em;margin:0 0 8px}p,ol,dl{margin:0 0 8px}' +
  '.st{display:flex;padding:0;list-style:none;gap:4px;text-align:center;font-size:12px}' +
  '.st *{flex:1;border-top:4px solid #ccd}.done{border-color:#383}.active{border-color:#15a;font-weight:700}.failed{border-color:#b02}' +
  'dl{display:grid;grid-template-columns:auto 1fr;gap:2px 12px;padding:8px;background:#f1f4f8}dd{margin:0;font-weight:700}' +
  '.w{background:#fff4d6;padding:4px 8px}.a{text-align:right}' +
  '.pr{background:#15a;color:#fff;margin-left:8px}[aria-disabled=true]{opacity:.5}' +
  '.x{float:right;border:0;font-size:18px;padding:0 7px;margin:-6px -8px 0 0}' +
  '.sr{position:absolute;clip:rect(0 0 0 0)}';
