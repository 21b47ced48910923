// Installed into the chat webview's frame inside the real editor: a MutationObserver notes, for each
// marker text (⟦n⟧) and for the answer's last word, when it is first in the DOM, as epoch ms with
// sub-ms precision (performance.timeOrigin + now(): the same clock the loopback server in Node reads).
// It also notes when Send is pressed. Page code is a string, so no transpiler helper leaks in.
export const FRAME_PROBE = `(() => {
  if (window.__b5) return;
  const now = () => performance.timeOrigin + performance.now();
  const b5 = { seen: {}, lastWord: null, lastWordAt: 0, sendAt: 0 };
  window.__b5 = b5;
  b5.reset = (lastWord) => { b5.seen = {}; b5.lastWord = lastWord; b5.lastWordAt = 0; };
  const scan = (text, t) => {
    if (!text) return;
    if (text.indexOf('\\u27e6') >= 0) {
      const re = /\\u27e6(\\d+)\\u27e7/g;
      let m;
      while ((m = re.exec(text))) if (!(m[1] in b5.seen)) b5.seen[m[1]] = t;
    }
    if (b5.lastWord && !b5.lastWordAt && text.indexOf(b5.lastWord) >= 0) b5.lastWordAt = t;
  };
  new MutationObserver((records) => {
    const t = now();
    for (const r of records) {
      if (r.type === 'characterData') scan(r.target.data, t);
      else for (const n of r.addedNodes) scan(n.textContent, t);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
  document.addEventListener('click', (e) => {
    const b = e.target && e.target.closest && e.target.closest('[aria-label="Send"], [title="Send"]');
    if (b || (e.target && /\\bSend\\b/.test(e.target.textContent || ''))) b5.sendAt = now();
  }, true);
})();`;

/** Epoch ms with sub-ms precision, as the frame probe reads it. */
export const epochNow = (): number => performance.timeOrigin + performance.now();
