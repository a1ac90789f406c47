"""Measure the layout of every question box on a page, geometrically, in a real browser.

Used by ``tests/tools/a11y_audit.py`` (and, once the layout is fixed, by browser tests). It works the
same in JupyterLab, Notebook 7 and Voilà, since all three draw ipywidgets' DOM: give ``audit_page``
the CSS selector of the part of the page that holds the notebook.

What is measured, for every ``.newslit-question`` box (``newslit/notebook/widgets.py``) and every
other widget panel in an output area (the name box, the hand-in button, the trust chart):

* **hit tests**: each control (radio, checkbox, text input, number input, textarea, slider, button) is
  scrolled into view and ``document.elementFromPoint`` is asked at its centre and at four inner points
  (``INSET`` px in from each corner, or a quarter of the size if smaller). The point must land on the
  control itself (or inside it, or on its own wrapping label); anything else is a failure, named after
  what was hit: another label or text (``label-covers-control``), the status line
  (``status-covers-control``), another control (``controls-overlap``) or nothing useful
  (``control-not-hittable``: clipped or off the page);
* **real clicks** (``page.mouse.click``, so a covering element gets the click as a student's would): every
  radio and checkbox is clicked once on its circle or box and once on its label text, and the checked
  state must change to the clicked option (``control-click-no-change``, ``label-click-no-change``,
  ``label-click-wrong-control``); text fields must take the focus from a click on them
  (``control-click-no-focus``) and on their label (``label-click-no-focus``), and are then typed into;
  a slider's track is clicked and its value must move. A question that was clicked must then say
  "Saved" in its status line (``not-saved``; keyed ticks save on a real click on "Check my answer").
  **These clicks save answers**: run them only against a
  throw-away answers folder (``$NEWSLIT_ANSWERS``, as the test fixtures and the audit tool set it);
* **boxes compared**: the text of any label, prompt or status line over a control
  (``label-covers-control``, ``status-covers-control``); two controls or two options over each other
  (``controls-overlap``, ``options-overlap``); text over other text of another row
  (``text-overlaps-text``); an option's text outside its own row (``option-overflows-row``) or cut
  off (``option-clipped``); a description label cut off with an ellipsis (``label-clipped``) or other
  text cut off (``text-clipped``); a text field beside a label that leaves it too narrow
  (``input-squashed``: narrower than ``SQUASHED_PX``, or its label wider than half of it: long labels
  belong above their boxes); a control cut off by its container (``control-clipped``);
* **overflow**: anything sticking out of the question box (``overflows-question``), the box wider than
  its output area or the scrolling notebook (``question-overflows-page``), a sideways scroll bar inside
  the box (``scrolls-sideways``).

Each box is measured as drawn, then clicked and typed into, then measured again as answered (with its
"✓ Saved …" status and feedback shown): a failure says in which ``state`` it was seen first. Every box
with a failure gets one screenshot, with the failing controls outlined in red and what covered them in
orange.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

INSET = 4  # px in from each corner for the four inner hit-test points
SQUASHED_PX = 160  # a text field beside its label must be at least this wide
SQUASHED_NUMBER_PX = 56  # a number field likewise
# What is typed into each text field: a real attempt (enough words, mostly words), as a student writes one,
# so a question whose choices wait for a written reason ("requires") opens before it is measured.
TYPED = " The page keeps the time and the rate of losses but changes what could happen to the force."
KEYSTROKES = 6  # the first characters are real key presses; the rest arrive as one input (a paste), since
# 90-odd key presses per field, each a round trip to the browser, cost about a minute a notebook
SAVED_TIMEOUT_MS = 15_000  # the debounce is 0.6 s; but an answer may open a chart (01: nl.after draws one with
# a first matplotlib import), and the next question saves only once the kernel has drawn it (seen: over 6 s)
CHANGE_POLLS = 8  # a click that changed nothing yet is looked at again, 0.1 s apart

FAILURE_KINDS = {
    "label-covers-control": "a label or other text lies over a control",
    "status-covers-control": "the status line lies over a control",
    "controls-overlap": "two controls lie over each other",
    "options-overlap": "two options' rows lie over each other",
    "text-overlaps-text": "text of two rows lies over each other",
    "option-overflows-row": "an option's text sticks out of its own row (it does not wrap)",
    "option-clipped": "an option's text is cut off",
    "label-clipped": "a description label is cut off",
    "text-clipped": "other text is cut off",
    "input-squashed": "a text field is squashed by the label beside it",
    "control-clipped": "a control is cut off by its container",
    "overflows-question": "something sticks out of the question box",
    "question-overflows-page": "the question box is wider than its output area or the page",
    "scrolls-sideways": "a part of the question scrolls sideways",
    "control-not-hittable": "a point of the control cannot be clicked (clipped, off the page or covered)",
    "label-not-hittable": "the label text cannot be clicked",
    "control-click-no-change": "a real click on the control did not change it",
    "label-click-no-change": "a real click on the label did not change the control",
    "label-click-wrong-control": "a click on one option's label changed another",
    "control-click-no-focus": "a real click on a text field did not focus it",
    "label-click-no-focus": "a real click on a text field's label did not focus it",
    "not-saved": "after the clicks the question did not say it saved",
}

# ---------------------------------------------------------------- the page side

_COMMON = r"""
const CONTROL = 'input, textarea, select, button, .noUi-target';
const visible = el => {
    if (!el || !el.getClientRects().length) return false;
    const st = getComputedStyle(el);
    return st.visibility === 'visible' && st.display !== 'none' && Number(st.opacity) !== 0;
};
const R = r => ({x: r.left, y: r.top, w: r.width, h: r.height, r: r.right, b: r.bottom});
const meet = (a, b) => {
    const w = Math.min(a.r, b.r) - Math.max(a.x, b.x), h = Math.min(a.b, b.b) - Math.max(a.y, b.y);
    return w > 0 && h > 0 ? {w, h} : null;
};
const textOf = el => (el ? el.textContent : '').replace(/[\s\u200b]+/g, ' ').trim();
// A scale's rating box is a text box for a whole number (newslit.notebook.widgets.ScaleView): measured and
// typed into as a number.
const typeOf = el => el.matches('.noUi-target') ? 'slider' : el.tagName === 'TEXTAREA' ? 'textarea'
    : el.tagName === 'BUTTON' ? 'button' : el.tagName === 'SELECT' ? 'select'
    : el.closest('.newslit-rating') ? 'number' : (el.type || 'text');
const ownLabel = (el, type) => {
    if (type === 'radio' || type === 'checkbox') return el.closest('label');
    if (type === 'slider') {
        const w = el.closest('.widget-slider');
        return w && w.querySelector(':scope > .widget-label');
    }
    if (type === 'button') return null;
    if (el.id) {
        const l = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
        if (l) return l;
    }
    return el.closest('label');
};
const hasText = el => !!el && visible(el) && textOf(el).length > 0;
const describe = el => {
    if (!el) return 'nothing';
    const cls = [...el.classList].filter(c => !c.startsWith('lm-')).slice(0, 3).join('.');
    const text = textOf(el).slice(0, 50);
    return `<${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}>${text ? ' "' + text + '"' : ''}`;
};
const controlsOf = box => [...box.querySelectorAll('[data-a11y-ctl]')]
    .filter(el => el.closest('[data-a11y-box]') === box);
const boxOf = key => document.querySelector(`[data-a11y-box="${key}"]`);
const ctlOf = key => document.querySelector(`[data-a11y-ctl="${key}"]`);
// Scroll only vertically, and only the scrolling containers outside the notebook's cells (the
// notebook panel, the page): scrollIntoView would also scroll a clipping (overflow: hidden) container
// or an output area, and so change the layout being measured.
const scrollers = el => {
    const found = [];
    for (let a = el.parentElement; a; a = a.parentElement) {
        if (a.closest('.jp-Cell, .jp-OutputArea')) continue;
        const st = getComputedStyle(a);
        if (['auto', 'scroll'].includes(st.overflowY) && a.scrollHeight > a.clientHeight + 1) found.push(a);
    }
    return found;
};
const scrollerOf = el => scrollers(el).pop() || document.scrollingElement;
const bringTo = (el, where) => {
    for (const s of scrollers(el)) {  // innermost first, each relative to its own window
        const b = s.getBoundingClientRect();
        const top = Math.max(0, b.top + s.clientTop);
        const height = Math.min(innerHeight, b.top + s.clientTop + s.clientHeight) - top;
        const r = el.getBoundingClientRect();
        s.scrollTop += where === 'top' ? r.top - top - 8 : r.top + r.height / 2 - (top + height / 2);
    }
    const r = el.getBoundingClientRect();
    window.scrollBy(0, where === 'top' ? r.top - 8 : r.top + r.height / 2 - innerHeight / 2);
};
// Put back what a focus or an earlier scrollIntoView scrolled sideways inside a box.
const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
const unscroll = box => {
    for (const e of [box, ...box.querySelectorAll('*')]) {
        if (e.scrollLeft && !e.matches('textarea, input')) e.scrollLeft = 0;
    }
};
"""

# Find and tag every question box and widget panel under `root`, and their controls; the inventory.
TAG_JS = "(opts) => {" + _COMMON + r"""
    const root = document.querySelector(opts.root) || document.body;
    const questions = [...root.querySelectorAll('.newslit-question')];
    const panels = [...root.querySelectorAll('.jp-OutputArea-output .widget-box')].filter(e =>
        !e.closest('.newslit-question') && !e.parentElement.closest('.widget-box') && e.querySelector(CONTROL)
        && !e.querySelector('.newslit-question'));  // a box around a question (notebook 07): the question is measured
    const boxes = [];
    [...questions, ...panels].forEach((box, b) => {
        box.dataset.a11yBox = String(b);
        const isQuestion = box.classList.contains('newslit-question');
        const qid = isQuestion ? ([...box.classList].find(c => c.startsWith('newslit-q-')) || '').slice(10) : '';
        const title = isQuestion ? textOf(box.querySelector('strong'))
            : textOf(box.querySelector('button, label, .widget-label')) || 'widget panel';
        const controls = [];
        let groups = 0;
        const groupIds = new Map();
        for (const el of box.querySelectorAll(CONTROL)) {
            const type = typeOf(el);
            if (type === 'hidden' || (el.closest('.noUi-target') && !el.matches('.noUi-target'))) continue;
            if (!visible(el)) continue;
            const key = `${b}.${controls.length}`;
            el.dataset.a11yCtl = key;
            const label = ownLabel(el, type);
            if (label) label.dataset.a11yLbl = key;
            let group = null, option = null;
            if (type === 'radio') {
                const set = el.closest('.widget-radio-box') || el.closest('.widget-radio') || el.closest('fieldset')
                    || box;
                if (!groupIds.has(set)) groupIds.set(set, groups++);
                group = groupIds.get(set);
                option = [...set.querySelectorAll('input[type=radio]')].indexOf(el);
            }
            const name = type === 'button' ? textOf(el) : (textOf(label) || el.getAttribute('aria-label') || '');
            controls.push({key, type, name, group, option, labelled: hasText(label)});
        }
        boxes.push({box: String(b), kind: isQuestion ? 'question' : 'panel', qid, title, controls});
    });
    return boxes;
}"""

# Every geometric check of one box, in its current state (see the module docstring).
MEASURE_JS = "async (opts) => {" + _COMMON + r"""
    const box = boxOf(opts.box);
    if (!box) return {missing: true, failures: []};
    unscroll(box);
    bringTo(box, 'top');
    await frames();  // JupyterLab draws the cells that scrolled into view (content-visibility) a frame later
    const failures = [];
    const seen = new Set();
    const bx = box.getBoundingClientRect();
    const rel = r => r && ({x: r.x - bx.left, y: r.y - bx.top, w: r.w, h: r.h});
    const add = (kind, key, detail, rect, other) => {
        const id = `${kind}|${key}|${detail}`;
        if (seen.has(id)) return;
        seen.add(id);
        failures.push({kind, control: key, detail, rect: rel(rect), other: rel(other)});
    };
    const inner = {x: bx.left + box.clientLeft, y: bx.top + box.clientTop, w: box.clientWidth, h: box.clientHeight};
    inner.r = inner.x + inner.w; inner.b = inner.y + inner.h;
    const controls = controlsOf(box).filter(visible);
    const info = new Map(controls.map(el => {
        const type = typeOf(el);
        return [el, {key: el.dataset.a11yCtl, type, rect: R(el.getBoundingClientRect()), label: ownLabel(el, type)}];
    }));
    const rowOf = el => { let e = el; while (e && e.parentElement !== box) e = e.parentElement; return e; };
    // the nearest ancestor (up to the box) that clips overflow, and whether it clips this rect sideways
    const clipper = (el, rect) => {
        for (let a = el; a && a !== box.parentElement; a = a.parentElement) {
            const st = getComputedStyle(a);
            if (st.overflowX === 'visible' && st.overflowY === 'visible') continue;
            const ar = a.getBoundingClientRect();
            const ix = ar.left + a.clientLeft, iy = ar.top + a.clientTop;
            if (rect.x < ix - 1 || rect.r > ix + a.clientWidth + 1
                || rect.y < iy - 1 || rect.b > iy + a.clientHeight + 1) return a;
        }
        return null;
    };

    // text rects: every visible text node (not a control's own text)
    const texts = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.nodeValue.replace(/[\s\u200b]/g, '')) continue;
        const p = n.parentElement;
        if (!p || p.closest('textarea, select, button, script, style') || !visible(p)) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        const lbl = p.closest('[data-a11y-lbl]');
        for (const r of range.getClientRects()) {
            if (r.width < 1 || r.height < 1) continue;
            texts.push({rect: R(r), el: p, row: rowOf(p), status: !!p.closest('[role=status]'),
                        label: lbl, owner: lbl ? lbl.dataset.a11yLbl : null, text: n.nodeValue.trim().slice(0, 60)});
        }
    }

    // text over controls; text over text of another row
    for (const [el, c] of info) {
        for (const t of texts) {
            if (el.contains(t.el)) continue;
            const m = meet(c.rect, t.rect);
            if (m && m.w > 2 && m.h > 2)
                add(t.status ? 'status-covers-control' : 'label-covers-control', c.key, `"${t.text}"`, c.rect, t.rect);
        }
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        if (a.row === b.row || a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const m = meet(a.rect, b.rect);
        if (m && m.w > 3 && m.h > 3)
            add('text-overlaps-text', a.owner || b.owner, `"${a.text}" / "${b.text}"`, a.rect, b.rect);
    }
    // controls over controls, option rows over option rows
    const list = [...info.values()];
    for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) {
        const a = list[i], b = list[j];
        const m = meet(a.rect, b.rect);
        if (m && m.w > 2 && m.h > 2) add('controls-overlap', a.key, `with ${b.key}`, a.rect, b.rect);
        if ((a.type === 'radio' || a.type === 'checkbox') && a.label && b.label && a.label !== b.label) {
            const n = meet(R(a.label.getBoundingClientRect()), R(b.label.getBoundingClientRect()));
            if (n && n.w > 2 && n.h > 2)
                add('options-overlap', a.key, `"${textOf(a.label).slice(0, 40)}" / "${textOf(b.label).slice(0, 40)}"`,
                    R(a.label.getBoundingClientRect()), R(b.label.getBoundingClientRect()));
        }
    }
    // text that leaves its row or its container
    for (const t of texts) {
        const cut = clipper(t.el, t.rect);
        if (t.label && (t.label.querySelector('input[type=radio], input[type=checkbox]'))) {
            const lr = R(t.label.getBoundingClientRect());
            const out = Math.round(Math.max(t.rect.r - lr.r, lr.x - t.rect.x, t.rect.b - lr.b, lr.y - t.rect.y));
            if (cut) add('option-clipped', t.owner, `"${t.text}" cut by ${describe(cut)}`, t.rect,
                         R(cut.getBoundingClientRect()));
            else if (out > 1) add('option-overflows-row', t.owner, `"${t.text}" sticks out ${out}px`, t.rect, lr);
        } else if (cut) {
            const isLabel = t.el.closest('.widget-label, label');
            add(isLabel ? 'label-clipped' : 'text-clipped', t.owner, `"${t.text}" cut by ${describe(cut)}`, t.rect,
                R(cut.getBoundingClientRect()));
        }
    }
    // description labels cut off (ellipsis): their text is wider than their box
    for (const l of box.querySelectorAll('.widget-label, .widget-label-basic span')) {
        if (!hasText(l)) continue;
        if (l.scrollWidth > l.clientWidth + 1 && getComputedStyle(l).overflowX !== 'visible') {
            const owner = l.closest('[data-a11y-lbl]');
            add('label-clipped', owner ? owner.dataset.a11yLbl : null,
                `"${textOf(l).slice(0, 50)}" needs ${l.scrollWidth}px, has ${l.clientWidth}px`,
                R(l.getBoundingClientRect()));
        }
    }
    // text fields squashed by the label beside them
    for (const [el, c] of info) {
        if (!['text', 'textarea', 'number', 'search', 'email', 'url'].includes(c.type)) continue;
        const l = c.label && hasText(c.label) ? R(c.label.getBoundingClientRect()) : null;
        const beside = l && l.r <= c.rect.x + 2 && Math.min(l.b, c.rect.b) - Math.max(l.y, c.rect.y) > 0;
        const minimum = c.type === 'number' ? opts.squashedNumber : opts.squashed;
        const tooLong = beside && c.type !== 'number' && l.w > 0.5 * c.rect.w;
        if ((beside && c.rect.w < minimum) || tooLong || c.rect.w < 40)
            add('input-squashed', c.key, `${Math.round(c.rect.w)}px wide beside a ${l ? Math.round(l.w) : 0}px label` +
                `${beside ? '' : ' (label not beside)'}`, c.rect, l);
    }
    // controls cut off by a container
    for (const [el, c] of info) {
        const cut = clipper(el, c.rect);
        if (!cut || cut === el) continue;
        const cr = cut.getBoundingClientRect();
        const ix = cr.left + cut.clientLeft, iy = cr.top + cut.clientTop;
        const px = Math.round(Math.max(ix - c.rect.x, c.rect.r - ix - cut.clientWidth,
                                       iy - c.rect.y, c.rect.b - iy - cut.clientHeight));
        if (px >= 2) add('control-clipped', c.key, `${px}px cut off by ${describe(cut)}`, c.rect, R(cr));
    }
    // overflow: anything sticking out of the box, the box out of its area, sideways scrolling inside
    const rows = new Map();
    for (const el of box.querySelectorAll('*')) {
        if (!el.getClientRects().length || el.closest('.noUi-handle')) continue;
        const r = R(el.getBoundingClientRect());
        if (r.w < 1 || r.h < 1) continue;
        const out = Math.max(r.r - inner.r, inner.x - r.x);
        if (out > 1 && !clipper(el.parentElement, r)) {
            const row = rowOf(el);
            const ctl = el.matches('[data-a11y-ctl]') ? el
                : el.querySelector('[data-a11y-ctl]') || el.closest('[data-a11y-ctl]');
            const prev = rows.get(row);
            if (!prev || out > prev.out) rows.set(row, {out, el, r, ctl});
        }
        const st = getComputedStyle(el);
        if (!el.matches('textarea, input') && ['auto', 'scroll'].includes(st.overflowX)
            && el.scrollWidth > el.clientWidth + 1)
            add('scrolls-sideways', null, `${describe(el)} scrolls ${el.scrollWidth - el.clientWidth}px`, r);
    }
    for (const [row, o] of rows)
        add('overflows-question', o.ctl ? o.ctl.dataset.a11yCtl : null,
            `${describe(o.el)} sticks out ${Math.round(o.out)}px`, o.r, R(row.getBoundingClientRect()));
    for (let a = box.parentElement; a; a = a.parentElement) {
        const st = getComputedStyle(a);
        const area = a.matches('.jp-OutputArea-output');
        const scrolls = ['auto', 'scroll', 'hidden', 'clip'].includes(st.overflowX);
        if (!area && !scrolls && a !== document.documentElement) continue;
        const ar = a.getBoundingClientRect();
        const right = a === document.documentElement ? a.clientWidth : ar.left + a.clientLeft + a.clientWidth;
        if (bx.right > right + 1) {
            add('question-overflows-page', null, `box ends ${Math.round(bx.right - right)}px past ${describe(a)}`,
                R(bx));
            break;
        }
        if (!area) break;  // the output area, then the first scrolling container above it
    }
    return {failures};
}"""

# Hit-test one control at its centre and four inner points (after scrolling it to the middle).
HIT_JS = "async (opts) => {" + _COMMON + r"""
    const el = ctlOf(opts.key);
    if (!el || !visible(el)) return [];
    const box = el.closest('[data-a11y-box]');
    unscroll(box);
    let r = null;
    // A late layout shift (feedback drawn, a cell resized, a sort's rows renamed as claims above it are
    // saved) can move the control after it was brought into view, even under JupyterLab's tab bar: bring it
    // back and look again until it stays where it was put (its centre hits it) or five tries have passed.
    for (let tries = 0; tries < 5; tries++) {
        bringTo(el, 'centre');
        await frames();
        r = el.getBoundingClientRect();
        const inView = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
        const hit = inView && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        if (hit && (hit === el || el.contains(hit) || (ownLabel(el, typeOf(el)) || el).contains(hit))) break;
        await new Promise(done => setTimeout(done, 150));
    }
    const bx = box.getBoundingClientRect();
    const type = typeOf(el);
    const label = ownLabel(el, type);
    const ix = Math.min(opts.inset, r.width / 4), iy = Math.min(opts.inset, r.height / 4);
    const points = [['centre', r.left + r.width / 2, r.top + r.height / 2],
                    ['top left', r.left + ix, r.top + iy], ['top right', r.right - ix, r.top + iy],
                    ['bottom left', r.left + ix, r.bottom - iy], ['bottom right', r.right - ix, r.bottom - iy]];
    const out = [];
    for (const [where, x, y] of points) {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) {
            if (r.height < innerHeight && r.width < innerWidth)
                out.push({kind: 'control-not-hittable', detail: `${where} is off the page`});
            continue;
        }
        const hit = document.elementFromPoint(x, y);
        const own = label && hit && hit.closest('label') === label && label.contains(el);
        if (hit && (hit === el || el.contains(hit) || own)) continue;
        let kind = 'control-not-hittable';
        const other = hit && hit.closest('[data-a11y-ctl]');
        if (hit && hit.closest('[role=status]')) kind = 'status-covers-control';
        else if (other && other !== el) kind = 'controls-overlap';
        else if (hit && (hit.closest('label, .widget-label, .widget-html-content') || textOf(hit))
                 && box.contains(hit) && hit.closest('label, .widget-label, .widget-html-content'))
            kind = 'label-covers-control';
        const hr = hit ? hit.getBoundingClientRect() : null;
        out.push({kind, detail: `${where}: ${describe(hit)}${box.contains(hit) ? '' : ' (outside the box)'}`,
                  other: hr && {x: hr.left - bx.left, y: hr.top - bx.top, w: hr.width, h: hr.height}});
    }
    return out;
}"""

# Where to click on a control ('control') or on its label text ('label'); scrolls it to the middle first.
# Also tells which element is at that point, so a failed click can say what took it.
POINT_JS = "async (opts) => {" + _COMMON + r"""
    const el = ctlOf(opts.key);
    if (!el) return null;
    const type = typeOf(el);
    const target = opts.on === 'label' ? ownLabel(el, type) : el;
    if (!target || !visible(target)) return null;
    unscroll(el.closest('[data-a11y-box]'));
    bringTo(target, 'centre');
    await frames();
    let x, y;
    if (opts.on === 'label') {
        // the middle of the label's longest line of text that is not over the control
        const er = el.getBoundingClientRect();
        let best = null;
        const walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.nodeValue.replace(/[\s\u200b]/g, '') || el.contains(n)) continue;
            const range = document.createRange();
            range.selectNodeContents(n);
            for (const r of range.getClientRects()) {
                if (r.width < 1 || r.height < 1) continue;
                if (!best || r.width > best.width) best = r;
            }
        }
        if (!best) return null;
        x = best.left + best.width / 2; y = best.top + best.height / 2;
        if (x >= er.left && x <= er.right && y >= er.top && y <= er.bottom) x = best.left + 2;
    } else if (type === 'slider') {
        const r = el.getBoundingClientRect();
        x = r.left + r.width * opts.fraction; y = r.top + r.height / 2;
    } else {
        const r = el.getBoundingClientRect();
        x = r.left + r.width / 2; y = r.top + r.height / 2;
    }
    const hit = document.elementFromPoint(x, y);
    const onTarget = !!hit && (target.contains(hit) || hit === target || (opts.on !== 'label' && el.contains(hit)));
    return {x, y, hit: describe(hit), onTarget, inView: x >= 0 && y >= 0 && x < innerWidth && y < innerHeight};
}"""

# The state of a control: checked for radios/checkboxes, focus and value for fields, value for sliders;
# for a radio, which option of its group is checked.
STATE_JS = "(key) => {" + _COMMON + r"""
    const el = ctlOf(key);
    if (!el) return null;
    const type = typeOf(el);
    const state = {type, focused: document.activeElement === el || el.contains(document.activeElement)};
    if (type === 'radio' || type === 'checkbox') state.checked = el.checked;
    if (type === 'radio') {
        const set = el.closest('.widget-radio-box') || el.closest('.widget-radio') || el.closest('fieldset');
        const on = [...set.querySelectorAll('input[type=radio]')].find(i => i.checked);
        state.group = on ? on.dataset.a11yCtl : null;
    }
    if (type === 'slider') {
        const handle = el.querySelector('[role=slider]');
        state.value = handle ? handle.getAttribute('aria-valuenow') : null;
    } else if ('value' in el) state.value = el.value;
    return state;
}"""

STATUS_JS = """(key) => {
    const box = document.querySelector(`[data-a11y-box="${key}"]`);
    // the question's own save line (a search inside the question has a status line of its own)
    const status = box && (box.querySelector('.newslit-save-status [role=status]')
                           || box.querySelector('[role=status]'));
    return status ? status.textContent : null;
}"""

# Outline the failing rectangles inside the box (its own coordinates), for the screenshot: red for
# the failing control (numbered as in the failure list), dashed orange for what covers or clips it.
OVERLAY_JS = """(opts) => {
    const box = document.querySelector(`[data-a11y-box="${opts.box}"]`);
    if (!box) return false;
    if (getComputedStyle(box).position === 'static') {
        box.style.position = 'relative';
        box.dataset.a11yPos = '1';
    }
    const bx = box.getBoundingClientRect();
    const layer = document.createElement('div');
    layer.className = 'a11y-overlay';
    layer.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;pointer-events:none;z-index:10000';
    const mark = (r, style, text) => {
        const d = document.createElement('div');
        d.style.cssText = `position:absolute;left:${r.x - box.clientLeft - 1}px;top:${r.y - box.clientTop - 1}px;` +
            `width:${r.w + 2}px;height:${r.h + 2}px;outline:${style};outline-offset:0`;
        if (text) {
            const t = document.createElement('span');
            t.textContent = text;
            t.style.cssText = 'position:absolute;left:-1px;top:-11px;font:bold 9px/10px sans-serif;color:#fff;' +
                'background:#d00000;padding:0 2px;white-space:nowrap';
            d.appendChild(t);
        }
        layer.appendChild(d);
    };
    const others = new Set();
    for (const f of opts.marks) {
        if (f.other && !others.has(JSON.stringify(f.other))) {
            others.add(JSON.stringify(f.other));
            mark(f.other, '1px dashed #e67e00', '');
        }
    }
    for (const f of opts.marks) {
        let r = f.rect;
        const el = f.control && document.querySelector(`[data-a11y-ctl="${f.control}"]`);
        if (el) {
            const er = el.getBoundingClientRect();
            r = {x: er.left - bx.left, y: er.top - bx.top, w: er.width, h: er.height};
        }
        if (r) mark(r, '2px solid #d00000', f.tag);
    }
    box.appendChild(layer);
    return true;
}"""

# Scroll the box so that its first marked point is in view (a box may be taller than the window), and
# return the part of the box in the window, as a clip for page.screenshot.
FRAME_JS = "async (opts) => {" + _COMMON + r"""
    const box = boxOf(opts.box);
    if (!box) return null;
    unscroll(box);
    bringTo(box, 'top');
    const scroller = scrollerOf(box);
    const first = opts.top;  // px below the box's top of the first mark
    if (first !== null && box.getBoundingClientRect().top + first > innerHeight - 120) {
        scroller.scrollTop += box.getBoundingClientRect().top + first - 120;
    }
    const r = box.getBoundingClientRect();
    const x = Math.max(0, r.left - 4), y = Math.max(0, r.top - 14);
    const right = Math.min(innerWidth, r.right + 4), bottom = Math.min(innerHeight, r.bottom + 4);
    return right > x && bottom > y ? {x, y, width: right - x, height: bottom - y} : null;
}"""

UNOVERLAY_JS = """() => {
    for (const layer of document.querySelectorAll('.a11y-overlay')) layer.remove();
    for (const box of document.querySelectorAll('[data-a11y-pos]')) {
        box.style.position = '';
        delete box.dataset.a11yPos;
    }
}"""

SETTLE_JS = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


# ---------------------------------------------------------------- the Python side

@dataclass
class Failure:
    """One layout failure: where (notebook, question), which control, what kind, and its screenshot."""
    app: str
    size: str
    notebook: str
    question: str  # the catalogue id, or "panel: <its first label>" for a widget panel
    title: str
    control: str  # "radio 'An estimate or prediction'" etc., or "" for the whole box
    kind: str
    detail: str
    state: str  # "drawn" (before any click) or "answered" (after the clicks and typing)
    screenshot: str = ""
    points: int = 1  # how many measurements found it (hit-test points, states)
    rect: dict | None = field(default=None, repr=False)
    other: dict | None = field(default=None, repr=False)
    control_key: str | None = field(default=None, repr=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        for private in ("rect", "other", "control_key"):
            data.pop(private)
        return data


@dataclass
class PageAudit:
    failures: list[Failure]
    boxes: int = 0
    questions: int = 0
    controls: int = 0
    clicks: int = 0
    retried_clicks: int = 0
    screenshots: list[str] = field(default_factory=list)


def settle(page) -> None:
    """Two animation frames: the layout of what just changed is done."""
    page.evaluate(SETTLE_JS)


def tag(page, root: str) -> list[dict]:
    return page.evaluate(TAG_JS, {"root": root})


def _control_name(control: dict | None) -> str:
    if not control:
        return ""
    name = control["name"] or "(no label)"
    return f"{control['type']} '{name[:70]}'"


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:80] or "box"


class _BoxAudit:
    """The checks of one box; collects failures, deduplicated by (kind, control, detail)."""

    def __init__(self, page, box: dict, context: dict, inset: int):
        self.page, self.box, self.context, self.inset = page, box, context, inset
        self.controls = {c["key"]: c for c in box["controls"]}
        self.failures: list[Failure] = []
        self._seen: set[tuple] = set()
        self.clicks = self.retried = 0

    def add(self, kind, key, detail, state, rect=None, other=None) -> None:
        # One failure per kind and control (the first detail seen: e.g. the first point a hit test
        # failed at); a failure of no control is told apart by its detail.
        wanted = (kind, key) if key is not None else (kind, None, re.sub(r"\d+(px)?", "N", detail))
        if wanted in self._seen:
            for f in self.failures:
                if (f.kind, f.control_key) == (kind, key) and key is not None and detail not in f.detail:
                    f.points += 1
            return
        self._seen.add(wanted)
        question = self.box["qid"] or f"panel: {self.box['title'][:40]}"
        self.failures.append(Failure(**self.context, question=question, title=self.box["title"],
                                     control=_control_name(self.controls.get(key)), kind=kind, detail=detail,
                                     state=state, rect=rect, other=other, control_key=key))

    # -- geometry and hit tests
    def measure(self, state: str) -> None:
        result = self.page.evaluate(MEASURE_JS, {"box": self.box["box"], "squashed": SQUASHED_PX,
                                                  "squashedNumber": SQUASHED_NUMBER_PX})
        for f in result["failures"]:
            self.add(f["kind"], f["control"], f["detail"], state, f["rect"], f["other"])
        for key in self.controls:
            by_kind: dict[str, list[dict]] = {}
            for f in self.page.evaluate(HIT_JS, {"key": key, "inset": self.inset}):
                by_kind.setdefault(f["kind"], []).append(f)
            for kind, found in by_kind.items():  # one failure per kind, naming every point that failed
                points = ", ".join(f["detail"].split(":")[0] for f in found)
                self.add(kind, key, f"{len(found)} of 5 points ({points}); {found[0]['detail']}", state, None,
                         found[0].get("other"))

    # -- real clicks
    def _click(self, key: str, on: str, fraction: float = 0.5) -> tuple[dict | None, dict | None, dict | None]:
        """Click a control or its label; (point, state before, state after), or Nones when there is no
        such target. A click that did nothing is tried once more (a page that scrolled between the
        measure and the click), and counted as retried."""
        for attempt in (1, 2):
            point = self.page.evaluate(POINT_JS, {"key": key, "on": on, "fraction": fraction})
            if point is None:
                return None, None, None
            before = self.page.evaluate(STATE_JS, key)
            self.page.mouse.click(point["x"], point["y"])
            self.clicks += 1
            after = self.page.evaluate(STATE_JS, key)
            for _ in range(CHANGE_POLLS):  # a slider moves its handle with an animation
                if _changed(before, after):
                    break
                self.page.wait_for_timeout(100)
                after = self.page.evaluate(STATE_JS, key)
            if _changed(before, after) or attempt == 2:
                return point, before, after
            self.retried += 1
        raise AssertionError("unreachable")

    def click_all(self, state: str) -> bool:
        """Every radio and checkbox on its control and on its label, every field focused and typed
        into, every slider moved. True when something was clicked that should save."""
        clicked = False
        radios: dict[int, list[str]] = {}
        for key, c in self.controls.items():
            if c["type"] == "radio":
                radios.setdefault(c["group"], []).append(key)
        for keys in radios.values():
            clicked |= self._click_radios(keys, state)
        for key, c in self.controls.items():
            if c["type"] == "checkbox":
                clicked = True
                for on in ("control", "label"):
                    point, before, after = self._click(key, on)
                    if point is None:
                        if on == "label" and c["labelled"]:
                            self.add("label-not-hittable", key, "no label text to click", state)
                        continue
                    if not _changed(before, after):
                        self.add(f"{on}-click-no-change", key, f"clicked at {point['hit']}", state)
            elif c["type"] in ("text", "textarea", "number", "search", "email", "url"):
                clicked |= self._click_field(key, c, state)
            elif c["type"] == "slider":
                clicked = True
                for fraction in (0.2, 0.8):
                    point, before, after = self._click(key, "control", fraction)
                    if point is not None and before["value"] == after["value"]:
                        self.add("control-click-no-change", key, f"value stayed {after['value']} after a click "
                                 f"at {fraction:.0%} of the track ({point['hit']})", state)
        if any(c["type"] == "checkbox" for c in self.controls.values()):
            self._press_check(state)
        return clicked

    def _press_check(self, state: str) -> None:
        """Keyed ticks save only on "Check my answer" (``.newslit-check``): tick the first box again (the
        clicks above ticked and unticked each) and press the button with a real click."""
        box = self.page.locator(f"[data-a11y-box=\"{self.box['box']}\"]")
        button = box.locator(".newslit-check button, button.newslit-check")
        if not button.count():
            return
        box.get_by_role("checkbox").first.click()
        self.clicks += 1
        rect = button.first.bounding_box()
        if rect is None:
            self.add("control-not-hittable", None, "the check button is not on the page", state)
            return
        self.page.mouse.click(rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2)
        self.clicks += 1

    def _click_radios(self, keys: list[str], state: str) -> bool:
        """Each option once on its circle and once on its label, alternating so that every click is
        on an option that is not checked yet (2 clicks per option)."""
        order = [(key, "control" if i % 2 == 0 else "label") for i, key in enumerate(keys)]
        order += [(key, "label" if i % 2 == 0 else "control") for i, key in enumerate(keys)]
        for key, on in order:
            state_now = self.page.evaluate(STATE_JS, key)
            if state_now and state_now.get("checked") and len(keys) > 1:  # pick another one first
                other = next(k for k in keys if k != key)
                self._click(other, "label")
            point, before, after = self._click(key, on)
            if point is None:
                if on == "label" and self.controls[key]["labelled"]:
                    self.add("label-not-hittable", key, "no label text to click", state)
                continue
            if after and after.get("checked"):
                continue
            if after and after.get("group") and after["group"] != key and before.get("group") != after["group"]:
                self.add("label-click-wrong-control" if on == "label" else "controls-overlap", key,
                         f"the click at {point['hit']} checked {_control_name(self.controls.get(after['group']))}",
                         state)
            else:
                self.add(f"{on}-click-no-change", key, f"clicked at {point['hit']}", state)
        return bool(keys)

    def _click_field(self, key: str, c: dict, state: str) -> bool:
        point, _before, after = self._click(key, "control")
        if point is not None and not after["focused"]:
            self.add("control-click-no-focus", key, f"clicked at {point['hit']}", state)
        if c["labelled"]:
            self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
            point_l, _b, after_l = self._click(key, "label")
            if point_l is not None and not after_l["focused"]:
                self.add("label-click-no-focus", key, f"clicked at {point_l['hit']}", state)
        if self.box["kind"] != "question":
            return False  # the name box saves a profile: focus only, no typing
        point, _before, after = self._click(key, "control")
        if point is None or not after["focused"]:
            return False
        if c["type"] == "number":
            self.page.keyboard.press("ControlOrMeta+A")
            self.page.keyboard.type("40")
            self.page.keyboard.press("Enter")
        else:
            self.page.keyboard.press("End")
            self.page.keyboard.type(TYPED[:KEYSTROKES])
            self.page.keyboard.insert_text(TYPED[KEYSTROKES:])
        return True

    def wait_saved(self, state: str) -> None:
        try:
            self.page.wait_for_function(f"(key) => (({STATUS_JS})(key) || '').includes('Saved')",
                                        arg=self.box["box"], timeout=SAVED_TIMEOUT_MS)
        except Exception as error:  # noqa: BLE001 - Playwright's TimeoutError; the status is the failure
            text = self.page.evaluate(STATUS_JS, self.box["box"])
            self.add("not-saved", None, f"status says {text!r} ({type(error).__name__})", state)

    # -- the screenshot
    def screenshot(self, folder: Path, name: str) -> str:
        """One picture of the box (the part in the window when it is taller: from its first failure
        on), failing controls outlined and numbered as in ``self.failures``; and the same unmarked."""
        marks, numbers = [], {}
        for number, f in enumerate(self.failures, start=1):
            numbers.setdefault(f.control_key or f"#{number}", []).append(str(number))
        done = set()
        for number, f in enumerate(self.failures, start=1):
            key = f.control_key or f"#{number}"
            if key in done:
                continue
            done.add(key)
            marks.append({"control": f.control_key, "rect": f.rect, "other": f.other,
                          "tag": ",".join(numbers[key][:4]) + ("…" if len(numbers[key]) > 4 else "")})
        tops = [f.rect["y"] for f in self.failures if f.rect] or [None]
        path, plain = folder / f"{name}.png", folder / f"{name}-plain.png"
        folder.mkdir(parents=True, exist_ok=True)
        clip = self.page.evaluate(FRAME_JS, {"box": self.box["box"], "top": min(t for t in tops if t is not None)
                                             if tops != [None] else None})
        if clip is None:
            return ""
        settle(self.page)
        self.page.screenshot(path=str(plain), clip=clip, animations="disabled")
        try:
            self.page.evaluate(OVERLAY_JS, {"box": self.box["box"], "marks": marks})
            self.page.screenshot(path=str(path), clip=clip, animations="disabled")
        finally:
            self.page.evaluate(UNOVERLAY_JS)
        for f in self.failures:
            f.screenshot = str(path)
        return str(path)


def _changed(before: dict | None, after: dict | None) -> bool:
    if before is None or after is None:
        return False
    if after["type"] in ("radio",):
        return bool(after.get("checked")) and not before.get("checked")
    if after["type"] == "checkbox":
        return after.get("checked") != before.get("checked")
    if after["type"] == "slider":
        return after.get("value") != before.get("value")
    return bool(after.get("focused"))


def audit_page(page, *, app: str, size: str, notebook: str, root: str, shots: Path | None,
               click: bool = True, inset: int = INSET, every_box: bool = False) -> PageAudit:
    """Measure every question box and widget panel under ``root`` (a CSS selector) of a page whose
    notebook has run and whose widgets are drawn. ``click`` makes the real clicks and typing (they
    save answers: a throw-away answers folder only). Screenshots of failing boxes go to ``shots``
    (none when it is None; ``every_box``: of every box). Returns the failures and what was measured."""
    context = {"app": app, "size": size, "notebook": notebook}
    boxes = tag(page, root)
    audit = PageAudit(failures=[], boxes=len(boxes), questions=sum(b["kind"] == "question" for b in boxes),
                      controls=sum(len(b["controls"]) for b in boxes))
    for box in boxes:
        checks = _BoxAudit(page, box, context, inset)
        checks.measure("drawn")
        if click:
            if checks.click_all("drawn") and box["kind"] == "question":
                checks.wait_saved("answered")
            page.evaluate("() => document.activeElement && document.activeElement.blur()")
            settle(page)
            checks.measure("answered")
        audit.clicks += checks.clicks
        audit.retried_clicks += checks.retried
        if (checks.failures or every_box) and shots is not None:
            name = _slug(f"{app}-{size}-{notebook}-{box['qid'] or 'panel-' + box['title']}")
            audit.screenshots.append(checks.screenshot(shots, name))
        audit.failures += checks.failures
    return audit
