/**
 * Navigations the person started: links followed in this tab, back/forward, and the app's own
 * buttons that navigate (New chat) calling `notePersonNavigation`. A page that rewrites its own
 * address after some asynchronous work (the agent page resuming the latest conversation, the
 * chat recording the conversation a run started) checks that none happened meanwhile: Next.js
 * may still be fetching the page the person asked for, and a `router.replace` issued then
 * replaces their navigation — the page they clicked never opens.
 *
 * Usage: `const mark = personNavigations();` before the work, then
 * `if (personNavigations() !== mark) return;` before rewriting the address.
 */
let count = 0;
let listening = false;

function listen(): void {
  if (listening || typeof document === 'undefined') return;
  listening = true;
  document.addEventListener(
    'click',
    (event) => {
      if (followsLink(event)) count++;
    },
    true,
  );
  window.addEventListener('popstate', () => {
    count++;
  });
}

/** How many navigations the person has started so far (a mark to compare later). */
export function personNavigations(): number {
  listen();
  return count;
}

/** Records a navigation the person started with something other than a link (a button). */
export function notePersonNavigation(): void {
  count++;
}

/** True for a click that follows a link in this tab (what Next.js turns into a navigation). */
function followsLink(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0) return false;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
  return link instanceof HTMLAnchorElement && (!link.target || link.target === '_self');
}
