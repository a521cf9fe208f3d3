// The page as rendered, measured in the browser (tests/src/visual.rs runs this as the body of a
// WebDriver script). Answers {misaligned, sideways, covered, clipped, focus}: one line per
// finding, "<selector>: <what>". Elements found are marked with data-visual-finding so that a
// screenshot can show them. Scroll positions and focus are put back afterwards.
const findings = { misaligned: [], sideways: [], covered: [], clipped: [], focus: [] };
const root = document.scrollingElement || document.documentElement;
const viewWidth = root.clientWidth;
const viewHeight = root.clientHeight;
const modal = [...document.querySelectorAll('[aria-modal="true"]')].pop() || null;

function describe(el) {
  const parts = [];
  for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
    const tag = node.tagName.toLowerCase();
    if (node.id) {
      parts.unshift(tag + '#' + CSS.escape(node.id));
      break;
    }
    let part = tag + [...node.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
    const parent = node.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.tagName === node.tagName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
    }
    parts.unshift(part);
  }
  const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
  return parts.join(' > ') + (text ? ' ' + JSON.stringify(text.slice(0, 40)) : '');
}

function report(kind, el, what) {
  if (el && el.dataset) el.dataset.visualFinding = kind;
  findings[kind].push((el ? describe(el) : 'document') + ': ' + what);
}

// Not on screen by design: not rendered, invisible, inert, inside a closed <details> or a hidden
// parent, or behind an open modal dialog.
function offScreenByDesign(el) {
  if (!el.isConnected || !el.getClientRects().length) return true;
  if (el.closest('[inert], [hidden], [aria-hidden="true"]')) return true;
  const details = el.parentElement && el.parentElement.closest('details:not([open])');
  if (details && !(el.tagName === 'SUMMARY' && el.parentElement === details)) return true;
  if (modal && !modal.contains(el)) return true;
  const style = getComputedStyle(el);
  if (style.visibility !== 'visible' || parseFloat(style.opacity) === 0) return true;
  const rect = el.getBoundingClientRect();
  return rect.width < 2 || rect.height < 2;
}

// ---- Tables: every cell a table cell, lined up under its column header.
for (const table of document.querySelectorAll('table')) {
  if (offScreenByDesign(table)) continue;
  const isCell = (cell) => cell instanceof HTMLTableCellElement && getComputedStyle(cell).display === 'table-cell';
  const head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
  const columns = new Map();
  // A column the admin hid (the catalogue's column chooser): its header and every cell under it
  // are display: none together. Anything else that is not a table cell is a defect.
  const hidden = new Set();
  const hiddenByDesign = (cell) => cell instanceof HTMLTableCellElement && getComputedStyle(cell).display === 'none';
  if (head) {
    let column = 0;
    for (const th of head.children) {
      if (hiddenByDesign(th)) hidden.add(column);
      else if (!isCell(th)) report('misaligned', th, 'column header is not a table cell (' + getComputedStyle(th).display + ')');
      else columns.set(column, th);
      column += th.colSpan || 1;
    }
  }
  const rows = [...table.querySelectorAll(':scope > tbody > *, :scope > tfoot > *')].slice(0, 300);
  for (const row of rows) {
    // A spacer of the windowed table (aria-hidden, one empty cell) holds height, not data.
    if (!row.getClientRects().length || row.getAttribute('aria-hidden') === 'true') continue;
    if (!(row instanceof HTMLTableRowElement) || getComputedStyle(row).display !== 'table-row') {
      report('misaligned', row, 'row is not a table row');
      continue;
    }
    let column = 0;
    for (const cell of row.children) {
      if (hidden.has(column) && hiddenByDesign(cell)) {
        column += 1;
        continue;
      }
      if (!isCell(cell)) {
        report('misaligned', cell, 'not a table cell (' + (cell.namespaceURI || 'no namespace') + ', display ' + getComputedStyle(cell).display + ')');
        column += 1;
        continue;
      }
      const th = columns.get(column);
      // A cell across the whole row (a spacer, a "no match" line) has no column to line up with.
      const wholeRow = column === 0 && cell.colSpan > 1 && cell.colSpan >= head.children.length;
      if (th && !wholeRow && cell.getClientRects().length) {
        const offset = cell.getBoundingClientRect().left - th.getBoundingClientRect().left;
        if (Math.abs(offset) > 1) report('misaligned', cell, 'left edge ' + offset.toFixed(1) + ' px from its header ' + JSON.stringify(th.innerText.trim().slice(0, 30)));
      }
      column += cell.colSpan || 1;
    }
  }
}

// ---- Sideways: the page never scrolls sideways; a wide table scrolls in its own box.
// The element's parents up to <body>.
function* ancestors(el) {
  for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) yield node;
}
function scrollsOrClips(el) {
  const overflow = getComputedStyle(el).overflowX;
  return overflow !== 'visible';
}
if (root.scrollWidth > root.clientWidth) {
  const wide = [...document.body.querySelectorAll('*')]
    .filter((el) => el.getBoundingClientRect().right > viewWidth + 1 && ![...ancestors(el)].some(scrollsOrClips))
    .slice(0, 3);
  const culprits = wide.map((el) => describe(el)).join('; ');
  findings.sideways.push('document: ' + root.scrollWidth + ' px wide in a ' + root.clientWidth + ' px window' + (culprits ? ' (' + culprits + ')' : ''));
  wide.forEach((el) => (el.dataset.visualFinding = 'sideways'));
}
for (const table of document.querySelectorAll('table')) {
  if (offScreenByDesign(table)) continue;
  const box = [...ancestors(table)].find(scrollsOrClips);
  const limit = box ? box.getBoundingClientRect() : { left: 0, right: viewWidth };
  const rect = table.getBoundingClientRect();
  const wider = rect.width > limit.right - limit.left + 1;
  if (wider && (!box || !['auto', 'scroll'].includes(getComputedStyle(box).overflowX))) {
    report('sideways', table, 'table ' + Math.round(rect.width) + ' px wide, ' + (box ? 'clipped by ' + describe(box) : 'not in a scrolling box'));
  }
}

// ---- Covered: at the centre of every control is the control (scrolled into view if needed, as
// focusing it would).
const scrolled = new Map();
function remember(el) {
  for (let node = el.parentElement; node; node = node.parentElement) {
    if (!scrolled.has(node)) scrolled.set(node, [node.scrollLeft, node.scrollTop]);
  }
}
function centreShown(el) {
  const r = el.getBoundingClientRect();
  const x = r.left + r.width / 2;
  const y = r.top + r.height / 2;
  if (x < 0 || y < 0 || x >= viewWidth || y >= viewHeight) return null;
  for (const node of ancestors(el)) {
    if (!scrollsOrClips(node)) continue;
    // The box's inside: without its borders and scroll bars.
    const b = node.getBoundingClientRect();
    const left = b.left + node.clientLeft;
    const top = b.top + node.clientTop;
    if (x < left || x >= left + node.clientWidth || y < top || y >= top + node.clientHeight) return null;
  }
  return [x, y];
}
// The scrolling box `el` is in (null: the document).
function scrollBox(el) {
  return [...ancestors(el)].find((node) => ['auto', 'scroll'].includes(getComputedStyle(node).overflowX) || ['auto', 'scroll'].includes(getComputedStyle(node).overflowY)) || null;
}
function stickyIn(node, box) {
  for (; node && node !== box; node = node.parentElement) {
    if (getComputedStyle(node).position === 'sticky') return box.contains(node);
  }
  return false;
}
// The open <details> whose absolutely positioned panel `node` is in, if any; or the tooltip a
// hovered or focused control shows (it covers its neighbours while it is shown).
function popover(node) {
  const tooltip = node.closest('[role="tooltip"]');
  if (tooltip) return tooltip;
  const details = node.closest('details[open]');
  if (!details) return null;
  for (let n = node; n && n !== details; n = n.parentElement) {
    if (getComputedStyle(n).position === 'absolute') return details;
  }
  return null;
}
function hits(el, point) {
  const hit = document.elementFromPoint(point[0], point[1]);
  return { hit, ok: !!hit && (hit === el || el.contains(hit)) };
}
const controls = 'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [role="button"]';
for (const el of document.querySelectorAll(controls)) {
  if (offScreenByDesign(el)) continue;
  let point = centreShown(el);
  if (!point) {
    remember(el);
    el.scrollIntoViewIfNeeded(true);
    point = centreShown(el);
  }
  if (!point) {
    report('covered', el, 'cannot be scrolled into view');
    continue;
  }
  let found = hits(el, point);
  // Under a sticky header or column of its own scrolling box, as content scrolled under it is:
  // scroll it out from under, as the admin would. Anything else on top of it covers it.
  const box = scrollBox(el);
  if (!found.ok && box && stickyIn(found.hit, box)) {
    remember(el);
    el.scrollIntoView({ block: 'center', inline: 'center' });
    point = centreShown(el);
    found = point ? hits(el, point) : { hit: null, ok: false };
    // In a narrow box the centre can still be under sticky columns at the left (the catalogue's
    // checkbox and id at phone width): scroll the element out to just right of them.
    if (!found.ok && found.hit && stickyIn(found.hit, box)) {
      const under = found.hit.getBoundingClientRect();
      const rect = el.getBoundingClientRect();
      if (under.left <= box.getBoundingClientRect().left + 4 || rect.left < under.right) {
        box.scrollLeft -= under.right - rect.left + 8;
        point = centreShown(el);
        found = point ? hits(el, point) : { hit: null, ok: false };
      }
    }
  }
  // An open disclosure menu (the catalogue's column chooser: a <details> whose panel floats
  // over the page) covers what is under it while it is open, as any dropdown does; the admin
  // closes it to reach them.
  if (!found.ok && found.hit && popover(found.hit) && !popover(found.hit).contains(el)) continue;
  if (!found.ok) {
    report('covered', el, 'covered by ' + (found.hit ? describe(found.hit) : 'nothing (outside the window)'));
  }
}
for (const [node, [left, top]] of scrolled) {
  node.scrollLeft = left;
  node.scrollTop = top;
}

// ---- Clipped: text cut off shows an ellipsis and carries the whole text in a title.
for (const el of document.body.querySelectorAll('*')) {
  if (!(el instanceof HTMLElement) || offScreenByDesign(el)) continue;
  const style = getComputedStyle(el);
  if (style.overflowX !== 'hidden' && style.overflowX !== 'clip') continue;
  if (el.scrollWidth <= el.clientWidth + 1 || el.clientWidth <= 2 || style.clip !== 'auto') continue;
  const text = (el.innerText || '').trim().replace(/\s+/g, ' ');
  if (!text) continue;
  const titled = el.closest('[title]');
  const title = titled ? titled.getAttribute('title').replace(/\s+/g, ' ') : '';
  if (style.textOverflow !== 'ellipsis') report('clipped', el, 'text cut off without an ellipsis (' + el.scrollWidth + ' > ' + el.clientWidth + ' px)');
  else if (!title.includes(text)) report('clipped', el, 'cut-off text has no title carrying it');
}

// ---- Clipped tooltips: a reason shown by a hovered or focused control is whole: no box it is
// laid out in (its containing block and the boxes around that) cuts it off.
for (const tip of document.querySelectorAll('[role="tooltip"]')) {
  const r = tip.getBoundingClientRect();
  const style = getComputedStyle(tip);
  if (r.width === 0 || r.height === 0 || style.display === 'none' || style.visibility === 'hidden') continue;
  for (let node = tip.offsetParent; node && node !== document.body; node = node.parentElement) {
    const s = getComputedStyle(node);
    if (!['hidden', 'clip'].includes(s.overflowX) && !['hidden', 'clip'].includes(s.overflowY)) continue;
    const b = node.getBoundingClientRect();
    if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) {
      report('clipped', tip, 'tooltip cut off by ' + describe(node));
      break;
    }
  }
}

// ---- Focus: every focusable control shows a ring when focused, distinct from its look
// unfocused, in a colour that stands out from what is around it (3:1).
function rgba(colour) {
  const m = colour.match(/rgba?\(([^)]+)\)/);
  if (!m) return null;
  const v = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
  return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 };
}
function luminance(c) {
  const f = (x) => ((x /= 255) <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4));
  return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
}
function backgroundOf(el) {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c && c.a > 0.5) return c;
  }
  return rgba(getComputedStyle(document.documentElement).backgroundColor) || { r: 255, g: 255, b: 255, a: 1 };
}
function ring(style) {
  return { outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1 ? style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor : '', shadow: style.boxShadow };
}
const focusable = 'a[href], button:not(:disabled), input:not(:disabled):not([type="hidden"]), select:not(:disabled), textarea:not(:disabled), summary, [tabindex]:not([tabindex="-1"])';
const before = document.activeElement;
for (const el of document.querySelectorAll(focusable)) {
  if (offScreenByDesign(el)) continue;
  if (document.activeElement === el && el !== document.body) el.blur();
  const unfocused = ring(getComputedStyle(el));
  el.focus({ preventScroll: true });
  if (document.activeElement !== el) continue;
  const style = getComputedStyle(el);
  const focused = ring(style);
  const outlined = focused.outline && focused.outline !== unfocused.outline;
  const shadowed = focused.shadow !== 'none' && focused.shadow !== unfocused.shadow;
  if (!el.matches(':focus-visible')) report('focus', el, 'does not match :focus-visible when focused after a key press');
  else if (!outlined && !shadowed) report('focus', el, 'no focus ring (outline ' + (focused.outline || 'none') + ', box-shadow ' + focused.shadow + ')');
  else if (outlined) {
    const colour = rgba(style.outlineColor);
    const around = backgroundOf(el);
    if (colour) {
      const [hi, lo] = [luminance(colour), luminance(around)].sort((a, b) => b - a);
      const contrast = (hi + 0.05) / (lo + 0.05);
      if (contrast < 3) report('focus', el, 'focus ring contrast ' + contrast.toFixed(2) + ':1 against its background');
    }
  }
}
if (before && before !== document.body && before.focus) before.focus({ preventScroll: true });
else if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
for (const [node, [left, top]] of scrolled) {
  node.scrollLeft = left;
  node.scrollTop = top;
}
return findings;
