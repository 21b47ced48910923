// When the control that has the focus goes away under it (its part of the view drawn again, hidden or
// removed), the browser drops the focus to the page, and a keyboard user starts over from the top with
// nothing outlined. The focus goes instead to the control of the same name that took its place, else to
// another control of its group (one of the same kind first), else to the message box.

/** Marks a container whose controls stand in for each other (a chat's candidates, the notices, the chips). */
export const FOCUS_GROUP = 'data-focus-group';

const CONTROLS = 'button, .ui-button, a[href], [tabindex]';

/**
 * Also returns `giveBack`, for when a dialog the view opened is cancelled: the keyboard goes back to the
 * control that opened it (or its stand-in), as it would from a dialog of the page's own.
 */
export function keepFocus(root: HTMLElement, fallback: () => void): { giveBack(): void } {
  let ancestors: Element[] = [];
  let last: HTMLElement | undefined;
  root.addEventListener('focusin', (e) => {
    last = e.target as HTMLElement;
    ancestors = [];
    for (let at = last.parentElement; at && at !== root; at = at.parentElement) ancestors.push(at);
  });
  root.addEventListener('focusout', (e) => {
    // Focus moving to another control, or out of the view, is the user's doing.
    if (e.relatedTarget) return;
    const lost = e.target as HTMLElement;
    const path = ancestors;
    // The control's part of the view is drawn again in the same task; look once it is done.
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if ((active && active !== document.body) || !document.hasFocus()) return;
      if (lost.isConnected && lost.getClientRects().length > 0) return; // a click on the page, not a loss
      const next = standIn(root, lost, path);
      if (next) next.focus();
      else fallback();
    });
  });
  return {
    giveBack: () => {
      const target = last?.isConnected && last.getClientRects().length > 0 ? last : last && standIn(root, last, ancestors);
      if (target) target.focus();
      else fallback();
    },
  };
}

const nameOf = (control: Element): string | null => control.getAttribute('aria-label') ?? control.textContent;

function usableIn(container: Element, lost: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>(CONTROLS)).filter((c) => c !== lost && !c.hasAttribute('disabled') && c.getClientRects().length > 0);
}

function standIn(root: HTMLElement, lost: HTMLElement, path: readonly Element[]): HTMLElement | undefined {
  const name = nameOf(lost);
  // The same control of the same exchange, drawn anew (a snapshot of the chat draws every exchange again).
  const exchangeId = path.find((a) => a.hasAttribute('data-exchange-id'))?.getAttribute('data-exchange-id');
  const exchange = exchangeId ? root.querySelector(`[data-exchange-id="${CSS.escape(exchangeId)}"]`) : null;
  const same = exchange ? usableIn(exchange, lost).find((c) => nameOf(c) === name) : undefined;
  if (same) return same;
  const group = path.find((a) => a.hasAttribute(FOCUS_GROUP));
  if (!group?.isConnected) return undefined;
  const usable = usableIn(group, lost);
  // Else a control of the same kind: after Remove on one chip, the next chip's Remove (not its name).
  return usable.find((c) => nameOf(c) === name) ?? usable.find((c) => c.className === lost.className) ?? usable[0];
}
